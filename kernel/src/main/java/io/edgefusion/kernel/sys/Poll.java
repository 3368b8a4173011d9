package io.edgefusion.kernel.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code poll(2)}, the one wait on fds every part uses (pidfds, inotify, eventfds, sockets, pipes). The struct
 * pollfd layout (int fd, short events, short revents) and the POLL* bits are the same on every Linux
 * architecture.
 */
public final class Poll {
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    private static final long POLLFD_SIZE = 8;
    private static final Libc.Lazy POLL = new Libc.Lazy("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private Poll() {
    }

    /**
     * Waits up to {@code timeoutMs} (-1: forever) for {@code events} on {@code fds} (a negative entry is ignored,
     * as the kernel does); returns the indexes of the fds that are ready, or have an error or hang-up to report.
     * EINTR is retried with the full timeout: callers use it to wait, never to measure time.
     */
    public static List<Integer> ready(int[] fds, short events, int timeoutMs) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment p = a.allocate(POLLFD_SIZE * Math.max(1, fds.length), 4);
            for (int i = 0; i < fds.length; i++) {
                p.set(JAVA_INT, i * POLLFD_SIZE, fds[i]);
                p.set(JAVA_SHORT, i * POLLFD_SIZE + 4, events);
                p.set(JAVA_SHORT, i * POLLFD_SIZE + 6, (short) 0);
            }
            while (true) {
                int rc = (int) POLL.get().invokeExact(cap, p, (long) fds.length, timeoutMs);
                if (rc >= 0) {
                    List<Integer> ready = new ArrayList<>();
                    for (int i = 0; i < fds.length && ready.size() < rc; i++) {
                        if (p.get(JAVA_SHORT, i * POLLFD_SIZE + 6) != 0) {
                            ready.add(i);
                        }
                    }
                    return ready;
                }
                int err = Libc.errno(cap);
                if (err != Errno.EINTR.number()) {
                    throw new ErrnoException("poll", fds.length == 1 ? "fd " + fds[0] : fds.length + " fds", err);
                }
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
