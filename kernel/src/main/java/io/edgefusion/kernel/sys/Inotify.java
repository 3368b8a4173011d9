package io.edgefusion.kernel.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * One non-blocking inotify instance, for waiting on files the kernel rewrites in place: cgroup2's
 * {@code memory.events} and {@code cgroup.events} raise IN_MODIFY on each change ({@code cgroup_file_notify}), so a
 * watcher sleeps in {@link Poll} until they change instead of re-reading them on a timer. The events themselves
 * are only "look again": callers {@link #drain()} and re-read the file.
 */
public final class Inotify implements AutoCloseable {
    public static final int IN_MODIFY = 0x2;
    private static final Libc.Lazy INIT1 = new Libc.Lazy("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Libc.Lazy ADD_WATCH = new Libc.Lazy("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(4096, 8);
    private final MemorySegment cap = arena.allocate(Libc.CAPTURE_LAYOUT);

    private Inotify(int fd) {
        this.fd = fd;
    }

    /** An instance watching {@code file} for {@code mask} (e.g. {@link #IN_MODIFY}). */
    public static Inotify watching(String file, int mask) {
        int fd;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(Libc.CAPTURE_LAYOUT);
            fd = (int) INIT1.get().invokeExact(c, Libc.O_CLOEXEC | FileSyscalls.O_NONBLOCK);
            Libc.check(fd, c, "inotify_init1", file);
            int wd = (int) ADD_WATCH.get().invokeExact(c, fd, a.allocateFrom(file), mask);
            if (wd < 0) {
                int err = Libc.errno(c);
                FileSyscalls.close(fd);
                throw new ErrnoException("inotify_add_watch", file, err);
            }
            return new Inotify(fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** The fd to {@link Poll} for POLLIN. */
    public int fd() {
        return fd;
    }

    /** Consumes every queued event (non-blocking), so the next poll sleeps again. */
    public synchronized void drain() {
        try {
            while ((long) Libc.READ.invokeExact(cap, fd, buf, buf.byteSize()) > 0) {
                // the events carry nothing the caller needs
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    @Override
    public synchronized void close() {
        FileSyscalls.close(fd);
        arena.close();
    }
}
