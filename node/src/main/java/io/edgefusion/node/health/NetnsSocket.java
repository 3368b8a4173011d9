package io.edgefusion.node.health;

import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Namespaces;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A TCP socket created inside another process's network namespace. A socket belongs to the namespace it was
 * created in for its whole life, so only its creation needs the namespace: a fresh platform thread (never a
 * virtual one, whose carrier would carry the namespace to other work — DESIGN.md §2) opens the node's own netns,
 * joins the target's, creates the channel, and joins the node's again before it ends. Connecting and talking
 * happen on the caller's thread.
 */
final class NetnsSocket {
    private static final String SELF_NET = "/proc/thread-self/ns/net";

    private NetnsSocket() {
    }

    /**
     * A channel in the network namespace of {@code pid}, which must still be the process that started at
     * {@code startTicks} once its namespace is open (so a recycled pid is never joined).
     */
    static SocketChannel open(long pid, long startTicks, ProtocolFamily family) throws IOException {
        CompletableFuture<SocketChannel> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().name("edgefusion-netns-" + pid).unstarted(() -> {
            try {
                result.complete(create(pid, startTicks, family));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.thenAccept(NetnsSocket::closeQuietly);
            throw new IOException("interrupted while opening a socket in the netns of pid " + pid, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("socket in the netns of pid " + pid + ": " + e.getCause(), e.getCause());
        }
    }

    private static SocketChannel create(long pid, long startTicks, ProtocolFamily family) throws IOException {
        int self = Namespaces.open(SELF_NET);
        try {
            int target = Namespaces.open("/proc/" + pid + "/ns/net");
            try {
                if (!ProcStat.alive(pid, startTicks)) {
                    throw new IllegalStateException("pid " + pid + " exited before its network namespace was joined");
                }
                Namespaces.setns(target, Namespaces.CLONE_NEWNET, "/proc/" + pid + "/ns/net");
                SocketChannel ch;
                try {
                    ch = SocketChannel.open(family);
                } finally {
                    // Back home before anything else; if that fails this thread ends here anyway.
                    Namespaces.setns(self, Namespaces.CLONE_NEWNET, SELF_NET);
                }
                return ch;
            } finally {
                FileSyscalls.close(target);
            }
        } finally {
            FileSyscalls.close(self);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
