package io.edgefusion.kernel.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Sleeps until a process that is not our child exits or a directory changes, without polling files: a pidfd
 * ({@code pidfd_open(2)}, readable once the process has exited) and an inotify watch on the directory, waited on
 * together with {@code poll(2)}. {@code wait} uses it on a sandbox's reaper and state directory: the reaper
 * renames its exit record into that directory, and a reaper that dies without one ends the wait too.
 */
public final class ExitWatch implements AutoCloseable {
    // uapi values, identical on x86-64 and aarch64 (inotify.h builds IN_CLOEXEC/IN_NONBLOCK from O_* there).
    static final int IN_CLOEXEC = Libc.O_CLOEXEC;
    static final int IN_NONBLOCK = FileSyscalls.O_NONBLOCK;
    static final int IN_CREATE = 0x100;
    static final int IN_DELETE = 0x200;
    static final int IN_DELETE_SELF = 0x400;
    static final int IN_MOVED_TO = 0x80;
    static final int IN_MOVE_SELF = 0x800;

    private static final Libc.Lazy INOTIFY_INIT1 = new Libc.Lazy("inotify_init1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Libc.Lazy INOTIFY_ADD_WATCH = new Libc.Lazy("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
    private final MemorySegment drain = arena.allocate(4096, 8);
    private final int pidfd;
    private final int inotify;
    private final String what;

    private ExitWatch(int pidfd, int inotify, String what) {
        this.pidfd = pidfd;
        this.inotify = inotify;
        this.what = what;
    }

    /**
     * Watches {@code pid} (already gone: {@link #exited()} is true at once) and the entries of {@code dir}.
     * The caller checks that the pid is still the process it means (its start time) after this returns, so a
     * pid recycled before the pidfd was opened is not mistaken for it.
     */
    public static ExitWatch of(long pid, String dir) {
        ExitWatch w = null;
        int pfd = -1;
        int ifd = -1;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            try {
                pfd = PidFds.open(pid);
            } catch (ErrnoException e) {
                if (e.errnoNumber() != Errno.ESRCH.number()) {
                    throw e;
                }
            }
            ifd = (int) INOTIFY_INIT1.get().invokeExact(cap, IN_CLOEXEC | IN_NONBLOCK);
            Libc.check(ifd, cap, "inotify_init1", dir);
            int wd = (int) INOTIFY_ADD_WATCH.get().invokeExact(cap, ifd, a.allocateFrom(dir),
                    IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF);
            Libc.check(wd, cap, "inotify_add_watch", dir);
            w = new ExitWatch(pfd, ifd, "pid " + pid + " and " + dir);
            return w;
        } catch (Throwable t) {
            if (w == null) {
                FileSyscalls.close(pfd);
                FileSyscalls.close(ifd);
            }
            throw Libc.unexpected(t);
        }
    }

    /** True once the process has exited (or was gone when the watch began). */
    public boolean exited() {
        return pidfd < 0 || ready(pidfd, 0);
    }

    /**
     * Blocks until the process exits or an entry of the directory is created, renamed in or deleted, or until
     * {@code timeout}; returns whether something happened. Events are consumed: the caller re-reads what it
     * needs.
     */
    public synchronized boolean await(Duration timeout) {
        int[] fds = pidfd >= 0 ? new int[] {inotify, pidfd} : new int[] {inotify};
        boolean any = !Poll.ready(fds, Poll.POLLIN, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())).isEmpty();
        try {
            // Drain the inotify queue (non-blocking) so the next poll sleeps again.
            while ((long) Libc.READ.invokeExact(capture, inotify, drain, drain.byteSize()) > 0) {
                // nothing: the events only say "look again"
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
        return any;
    }

    private static boolean ready(int fd, int timeoutMs) {
        return !Poll.ready(new int[] {fd}, Poll.POLLIN, timeoutMs).isEmpty();
    }

    @Override
    public synchronized void close() {
        FileSyscalls.close(pidfd);
        FileSyscalls.close(inotify);
        arena.close();
    }
}
