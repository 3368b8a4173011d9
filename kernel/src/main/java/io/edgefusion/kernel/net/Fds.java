package io.edgefusion.kernel.net;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code read}, {@code write}, {@code close} and {@code poll} on any fd (a socket, a pipe, a terminal, a file
 * another process handed over), EINTR retried. They block as the kernel does; see {@link OwnedFd} for the
 * virtual-thread-friendly way.
 */
public final class Fds {
    private Fds() {
    }

    /** Reads up to {@code len} bytes; 0 at end of file. */
    public static int read(int fd, byte[] b, int off, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            MemorySegment buf = a.allocate(Math.max(1, len));
            while (true) {
                long n = (long) NetCalls.READ.get().invokeExact(cap, fd, buf, (long) len);
                if (n >= 0) {
                    MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) n);
                    return (int) n;
                }
                if (Libc.errno(cap) != Errno.EINTR.number()) {
                    throw new ErrnoException("read", "fd " + fd, Libc.errno(cap));
                }
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** One {@code write(2)}: returns how many bytes it took (possibly fewer than {@code len}). */
    public static int write(int fd, byte[] b, int off, int len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            MemorySegment buf = a.allocate(Math.max(1, len));
            MemorySegment.copy(b, off, buf, JAVA_BYTE, 0, len);
            while (true) {
                long n = (long) NetCalls.WRITE.get().invokeExact(cap, fd, buf, (long) len);
                if (n >= 0) {
                    return (int) n;
                }
                if (Libc.errno(cap) != Errno.EINTR.number()) {
                    throw new ErrnoException("write", "fd " + fd, Libc.errno(cap));
                }
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** Writes all of it, continuing short writes. */
    public static void writeAll(int fd, byte[] b, int off, int len) {
        while (len > 0) {
            int n = write(fd, b, off, len);
            off += n;
            len -= n;
        }
    }

    /** {@code close(2)}. EINTR is not retried: on Linux the fd is gone either way. */
    public static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            int rc = (int) NetCalls.CLOSE.get().invokeExact(cap, fd);
            if (rc < 0 && Libc.errno(cap) != Errno.EINTR.number()) {
                throw new ErrnoException("close", "fd " + fd, Libc.errno(cap));
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /**
     * {@code poll(2)} of one fd for {@code events} (POLLIN 1, POLLOUT 4) up to {@code timeoutMillis} (-1: no
     * limit). True when it is ready, or has an error or hang-up to report (the next call will say which).
     */
    public static boolean poll(int fd, int events, int timeoutMillis) {
        return !io.edgefusion.kernel.sys.Poll.ready(new int[] {fd}, (short) events, timeoutMillis).isEmpty();
    }
}
