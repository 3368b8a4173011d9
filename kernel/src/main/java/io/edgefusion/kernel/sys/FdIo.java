package io.edgefusion.kernel.sys;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Reads and writes through raw fds (ones opened fd-relative with {@link FileSyscalls}), copying through the
 * thread's native scratch buffer. EINTR is retried; a short write is continued, never reported as success.
 */
public final class FdIo {
    private FdIo() {
    }

    /** Writes all {@code len} bytes of {@code b} from {@code off}. */
    public static void writeAll(int fd, byte[] b, int off, int len, String what) {
        SysScratch s = SysScratch.get();
        MemorySegment buf = s.data;
        try {
            while (len > 0) {
                int chunk = Math.min(len, SysScratch.DATA);
                MemorySegment.copy(b, off, buf, JAVA_BYTE, 0, chunk);
                long done = 0;
                while (done < chunk) {
                    long n = (long) Libc.WRITE.invokeExact(s.capture, fd, buf.asSlice(done), chunk - done);
                    if (n < 0) {
                        if (s.errno() == Errno.EINTR.number()) {
                            continue;
                        }
                        throw new ErrnoException("write", what, s.errno());
                    }
                    done += n;
                }
                off += chunk;
                len -= chunk;
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** Reads up to {@code len} bytes into {@code b}; returns 0 at end of file. */
    public static int read(int fd, byte[] b, int off, int len, String what) {
        SysScratch s = SysScratch.get();
        MemorySegment buf = s.data;
        int want = Math.min(len, SysScratch.DATA);
        try {
            while (true) {
                long n = (long) Libc.READ.invokeExact(s.capture, fd, buf, (long) want);
                if (n >= 0) {
                    MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) n);
                    return (int) n;
                }
                if (s.errno() != Errno.EINTR.number()) {
                    throw new ErrnoException("read", what, s.errno());
                }
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** An InputStream over an fd the caller owns (closing the stream does not close the fd). */
    public static java.io.InputStream input(int fd, String what) {
        return new java.io.InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int n = FdIo.read(fd, b, off, len, what);
                return n == 0 ? -1 : n;
            }
        };
    }
}
