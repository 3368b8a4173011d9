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
 * The kernel's exit notification for processes that are not our children: a pidfd ({@code pidfd_open(2)},
 * Linux 5.3, glibc 2.36) becomes readable when its process ends, so a node can wait on a reaper it did not fork
 * with one {@code poll(2)} instead of re-reading /proc in a loop. An eventfd wakes the poll when the set of
 * watched fds changes. The struct pollfd layout (int fd, short events, short revents) and POLLIN are the same on
 * every Linux architecture.
 */
public final class PidFds {
    public static final short POLLIN = Poll.POLLIN;
    private static final int EFD_CLOEXEC = 02000000;

    private static final Libc.Lazy PIDFD_OPEN = new Libc.Lazy("pidfd_open",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Libc.Lazy PIDFD_SEND_SIGNAL = new Libc.Lazy("pidfd_send_signal",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Lazy EVENTFD = new Libc.Lazy("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private PidFds() {
    }

    /** A pidfd for {@code pid} (close-on-exec by definition); throws with ESRCH when it is gone already. */
    public static int open(long pid) {
        SysScratch s = SysScratch.get();
        try {
            int fd = (int) PIDFD_OPEN.get().invokeExact(s.capture, Math.toIntExact(pid), 0);
            if (fd < 0) {
                throw new ErrnoException("pidfd_open", "pid " + pid, s.errno());
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /**
     * {@code signo} to the process {@code pidfd} names ({@code pidfd_send_signal(2)}): never to another process
     * that reused its pid. Throws with ESRCH when it has exited.
     */
    public static void sendSignal(int pidfd, int signo) {
        SysScratch s = SysScratch.get();
        try {
            int r = (int) PIDFD_SEND_SIGNAL.get().invokeExact(s.capture, pidfd, signo, MemorySegment.NULL, 0);
            if (r < 0) {
                throw new ErrnoException("pidfd_send_signal", "pidfd " + pidfd, s.errno());
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** A close-on-exec eventfd with count 0, for waking a {@link #poll}. */
    public static int eventfd() {
        SysScratch s = SysScratch.get();
        try {
            int fd = (int) EVENTFD.get().invokeExact(s.capture, 0, EFD_CLOEXEC);
            if (fd < 0) {
                throw new ErrnoException("eventfd", "-", s.errno());
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** Adds 1 to an eventfd's count, making it readable. */
    public static void wake(int eventfd) {
        byte[] one = {1, 0, 0, 0, 0, 0, 0, 0}; // a u64 in host order: little-endian on x86-64 and aarch64
        FdIo.writeAll(eventfd, one, 0, 8, "eventfd");
    }

    /** Resets an eventfd's count to 0 (it must be readable, or this blocks). */
    public static void drain(int eventfd) {
        FdIo.read(eventfd, new byte[8], 0, 8, "eventfd");
    }

    /** {@link Poll#ready} for input: the pidfds (and eventfds) in {@code fds} that are readable. */
    public static List<Integer> poll(int[] fds, int timeoutMs) {
        return Poll.ready(fds, Poll.POLLIN, timeoutMs);
    }
}
