package io.edgefusion.cli.sandbox;

import io.edgefusion.kernel.sys.Terminals;
import io.edgefusion.sandbox.Attach;
import io.edgefusion.sandbox.SignalProxy;
import io.edgefusion.sandbox.launch.CallerTerminal;
import io.edgefusion.sandbox.spec.Stdio;
import sun.misc.Signal;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * While attached, the caller's signals belong to the workload (docker's sig-proxy, always on): SIGINT, SIGTERM
 * and SIGHUP sent to the CLI are forwarded to the helper, which forwards them to the sandbox's process, and the
 * CLI keeps waiting for the exit code and cleans up as after any exit. (SIGQUIT stays the JVM's.) The helper
 * ignores the kernel's own copy of a terminal's ^C, which reaches it too, so the workload gets it once.
 */
final class Signals implements AutoCloseable {
    private static final String[] FORWARDED = {"INT", "TERM", "HUP"};

    private final Attach io;
    private final java.util.Map<Signal, sun.misc.SignalHandler> previous = new java.util.LinkedHashMap<>();

    private Signals(Attach io) {
        this.io = io;
    }

    Attach io() {
        return io;
    }

    /** Once the command is done (its sandbox cleaned up), the signals are the CLI's again. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }

    /** Detached: only the output (the id); signals keep their defaults. */
    static Signals none(OutputStream out) {
        return new Signals(Attach.output(out));
    }

    /**
     * The attachment for {@code stdio}: a terminal only with {@code -t} when our stdin is one ({@code -it}
     * insists on it, as docker does), stdin copied only with {@code -i} and no terminal, signals proxied.
     */
    static Signals attach(Stdio stdio, InputStream in, OutputStream out) {
        boolean terminal = stdio.tty() && Terminals.isTerminal(0);
        if (stdio.tty() && stdio.interactive() && !terminal) {
            throw new IllegalArgumentException("-it: stdin is not a terminal (drop -t to pipe stdin in)");
        }
        CallerTerminal console = terminal ? new CallerTerminal(ownFd(0), Terminals.isTerminal(1) ? ownFd(1) : null)
                : null;
        SignalProxy proxy = new SignalProxy();
        Signals s = new Signals(new Attach(out, stdio.interactive() && !stdio.tty() ? in : null, console, proxy));
        for (String name : FORWARDED) {
            Signal sig = new Signal(name);
            try {
                s.previous.put(sig, Signal.handle(sig, x -> proxy.forward(x.getNumber())));
            } catch (IllegalArgumentException ignored) {
                // a signal the JVM reserves (e.g. with -Xrs) keeps its default
            }
        }
        return s;
    }

    /** Our fd as a path the helper (our child) can open: the same terminal, never an fd it inherits. */
    private static Path ownFd(int fd) {
        return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(fd));
    }
}
