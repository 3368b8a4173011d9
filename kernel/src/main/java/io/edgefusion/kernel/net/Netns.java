package io.edgefusion.kernel.net;

import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Namespaces;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Work inside another process's network namespace: sockets made there (they keep the namespace they were made
 * in for life), its links read or changed. Only a fresh platform thread ever joins a namespace — never a virtual
 * thread, whose carrier would take the namespace to other work (DESIGN.md §2).
 */
public final class Netns {
    private static final String SELF_NET = "/proc/thread-self/ns/net";

    private Netns() {
    }

    /**
     * Runs {@code work} on a fresh platform thread inside the network namespace of {@code pid}, which must still
     * be the process started at {@code startTicks} once its namespace file is open (a recycled pid is never
     * joined). The thread rejoins its own namespace before it ends.
     */
    public static <T> T run(long pid, long startTicks, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().name("edgefusion-netns-" + pid).unstarted(() -> {
            try {
                int self = Namespaces.open(SELF_NET);
                try {
                    int target = Namespaces.open("/proc/" + pid + "/ns/net");
                    try {
                        if (!ProcStat.alive(pid, startTicks)) {
                            throw new IllegalStateException("pid " + pid + " exited before its network namespace"
                                    + " was joined");
                        }
                        Namespaces.setns(target, Namespaces.CLONE_NEWNET, "/proc/" + pid + "/ns/net");
                        try {
                            result.complete(work.call());
                        } finally {
                            Namespaces.setns(self, Namespaces.CLONE_NEWNET, SELF_NET);
                        }
                    } finally {
                        FileSyscalls.close(target);
                    }
                } finally {
                    FileSyscalls.close(self);
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the network namespace of pid " + pid, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("network namespace of pid " + pid + ": " + e.getCause(), e.getCause());
        }
    }
}
