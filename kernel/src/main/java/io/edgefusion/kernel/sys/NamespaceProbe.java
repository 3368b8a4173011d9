package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.proc.ProcStat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs work inside some of another process's namespaces (its network, UTS, IPC, cgroup namespace: the ones a
 * single thread can join and leave). Only a fresh platform thread that first calls {@code unshare(CLONE_FS)}
 * ever joins (DESIGN.md §2) — never a virtual thread, whose carrier would take the namespace to other work — and
 * it rejoins its own namespaces before it ends. The mount, PID and user namespaces are refused: a thread of a
 * multithreaded process cannot join them, or joining would break the JDK's reaper.
 */
public final class NamespaceProbe {
    private NamespaceProbe() {
    }

    /**
     * Runs {@code work} on a fresh platform thread inside {@code types} of {@code pid}'s namespaces; {@code pid}
     * must still be the process started at {@code startTicks} once its namespace files are open (a recycled pid
     * is never joined).
     */
    public static <T> T run(long pid, long startTicks, List<NamespaceType> types, Callable<T> work) {
        for (NamespaceType t : types) {
            if (t == NamespaceType.MNT || t == NamespaceType.PID || t == NamespaceType.USER) {
                throw new IllegalArgumentException("namespace probe: a JVM thread cannot join a " + t.file()
                        + " namespace");
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread th = Thread.ofPlatform().daemon().name("edgefusion-ns-" + pid).unstarted(() -> {
            List<Integer> opened = new ArrayList<>();
            try {
                Libc.unshare(Libc.CLONE_FS);
                List<int[]> pairs = new ArrayList<>();
                for (NamespaceType t : types) {
                    int self = Namespaces.open("/proc/thread-self/ns/" + t.file());
                    opened.add(self);
                    int target = Namespaces.open(t.of(pid));
                    opened.add(target);
                    pairs.add(new int[]{self, target});
                }
                if (!ProcStat.alive(pid, startTicks)) {
                    throw new IllegalStateException("pid " + pid + " exited before its namespaces were joined");
                }
                int joined = 0;
                try {
                    for (; joined < types.size(); joined++) {
                        Namespaces.setns(pairs.get(joined)[1], types.get(joined).cloneFlag(), types.get(joined)
                                .of(pid));
                    }
                    result.complete(work.call());
                } finally {
                    for (int i = joined - 1; i >= 0; i--) {
                        Namespaces.setns(pairs.get(i)[0], types.get(i).cloneFlag(), "/proc/thread-self/ns/"
                                + types.get(i).file());
                    }
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                opened.forEach(FileSyscalls::close);
            }
        });
        th.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the namespaces of pid " + pid, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            switch (c) {
                case RuntimeException r -> throw r;
                case IOException io -> throw new UncheckedIOException(io);
                case Error err -> throw err;
                default -> throw new IllegalStateException("namespaces of pid " + pid + ": " + c, c);
            }
        }
    }
}
