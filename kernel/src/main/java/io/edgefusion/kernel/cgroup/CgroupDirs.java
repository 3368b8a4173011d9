package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.Libc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Directory work shared by the managers: create a path level by level, list tasks, remove a subtree. */
final class CgroupDirs {
    /** How long removal waits for exiting tasks (zombies still count as members until reaped). */
    static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(5);

    private CgroupDirs() {
    }

    /**
     * Creates every missing level from {@code mountPoint} down to {@code dir}, calling {@code onCreate} for each
     * new one (cpuset must be seeded before anything else happens there). Returns the created levels, top first.
     */
    static List<Path> mkdirs(Path mountPoint, Path dir, java.util.function.Consumer<Path> onCreate) {
        List<Path> created = new ArrayList<>();
        Path rel = mountPoint.relativize(dir);
        Path cur = mountPoint;
        try {
            for (Path name : rel) {
                cur = cur.resolve(name);
                if (Libc.mkdirIfAbsent(cur.toString(), 0755)) {
                    created.add(cur);
                    onCreate.accept(cur);
                }
            }
            return created;
        } catch (RuntimeException e) {
            rollback(created);
            throw e;
        }
    }

    /** Removes directories created by {@link #mkdirs}, deepest first, ignoring what is already gone. */
    static void rollback(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Libc.rmdir(created.get(i).toString());
            } catch (ErrnoException ignored) {
                // best effort: the original failure is what the caller reports
            }
        }
    }

    /** Task ids in {@code dir} and, when {@code recursive}, every descendant. Empty when {@code dir} is gone. */
    static Set<Long> procs(Path dir, boolean recursive) {
        Set<Long> out = new TreeSet<>();
        collect(dir, recursive, out);
        return out;
    }

    private static void collect(Path dir, boolean recursive, Set<Long> out) {
        Path f = dir.resolve(CgroupFiles.PROCS);
        KernelFiles.readIfExists(f).ifPresent(s -> {
            for (String line : s.split("\n")) {
                if (!line.isBlank()) {
                    out.add(CgroupValues.parseCount(f, line));
                }
            }
        });
        if (recursive) {
            for (Path child : children(dir)) {
                collect(child, true, out);
            }
        }
    }

    /**
     * Child cgroups of {@code dir}. A directory's link count is 2 plus its subdirectories (cgroupfs keeps it so),
     * so a leaf — the common case — costs one stat instead of a stat per control file.
     */
    static List<Path> children(Path dir) {
        try {
            if ((int) Files.getAttribute(dir, "unix:nlink") <= 2) {
                return List.of();
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** rmdir of {@code dir} and its descendant cgroups, deepest first; EBUSY is retried while tasks exit. */
    static void removeTree(Path dir) {
        for (Path child : children(dir)) {
            removeTree(child);
        }
        long deadline = System.nanoTime() + REMOVE_TIMEOUT.toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                Libc.rmdir(dir.toString());
                return;
            } catch (ErrnoException e) {
                if (e.is(Errno.ENOENT)) {
                    return;
                }
                if (!e.is(Errno.EBUSY) || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(Math.min(50, 1L << Math.min(attempt, 6)));
            }
        }
    }

    /** Polls {@code done} with a short backoff; true when it held before the timeout. */
    static boolean await(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; ; attempt++) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Math.min(20, 1L << Math.min(attempt, 5)));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting on a cgroup", e);
        }
    }

    /** SIGKILL every pid, ignoring those already gone. */
    static void killEach(Set<Long> pids) {
        for (long pid : pids) {
            try {
                Libc.kill((int) pid, Libc.SIGKILL);
            } catch (ErrnoException e) {
                if (!e.is(Errno.ESRCH)) {
                    throw e;
                }
            }
        }
    }
}
