package io.edgefusion.node;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * A node in the foreground (a terminal, or systemd's ExecStart): SIGTERM and SIGINT stop it cleanly and the
 * process then exits 0 — a JVM left to its default handlers would run the shutdown hooks and exit 143. A
 * shutdown hook still closes the node if the JVM ends any other way (SIGHUP, System.exit elsewhere).
 */
public final class Foreground {
    private Foreground() {
    }

    /** Blocks until {@code node} is closed by a signal (or by anyone); returns 0. */
    public static int run(NodeDaemon node) throws InterruptedException {
        List<Runnable> restore = new ArrayList<>();
        for (String name : List.of("TERM", "INT")) {
            Signal sig = new Signal(name);
            SignalHandler previous = Signal.handle(sig, s -> Thread.ofPlatform().name("node-stop").start(node::close));
            restore.add(() -> Signal.handle(sig, previous));
        }
        Thread hook = new Thread(node::close, "node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            node.awaitClosed();
        } finally {
            restore.forEach(Runnable::run);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is ending already: the hook closes the node (again: close is idempotent)
            }
        }
        return 0;
    }
}
