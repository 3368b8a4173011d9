package io.edgefusion.kernel.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Reads and writes kernel pseudo-files (cgroupfs, procfs, sysfs) with plain open/read/write/close.
 * <p>Why not {@code java.nio.file.Files}: cgroupfs treats each {@code write(2)} as one command and reports
 * rejection only through errno (EINVAL for a bad value, EBUSY, ENOSPC for an empty cpuset), which NIO turns into
 * a message without the errno; and reading dozens of tiny files per cgroup must not allocate channels. Each
 * thread keeps one native scratch area, so a read costs three syscalls and one copy.
 */
public final class KernelFiles {
    private static final int PATH_MAX = 4096;
    private static final int FIRST_BUFFER = 16 * 1024;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private KernelFiles() {
    }

    /** Whole content of a kernel file; {@link ErrnoException} (with ENOENT when absent) otherwise. */
    public static String read(Path file) {
        return read(file.toString());
    }

    public static String read(String file) {
        Scratch s = SCRATCH.get();
        int fd = s.open(file, Libc.O_RDONLY | Libc.O_CLOEXEC, "open");
        try {
            int total = 0;
            while (true) {
                if (total == s.buffer.byteSize()) {
                    s.grow();
                }
                long n = (long) Libc.READ.invokeExact(s.capture, fd, s.buffer.asSlice(total),
                        s.buffer.byteSize() - total);
                if (n < 0) {
                    int err = Libc.errno(s.capture);
                    if (err == Errno.EINTR.number()) {
                        continue;
                    }
                    throw new ErrnoException("read", file, err);
                }
                if (n == 0) {
                    break;
                }
                total += (int) n;
            }
            byte[] bytes = new byte[total];
            MemorySegment.copy(s.buffer, JAVA_BYTE, 0, bytes, 0, total);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        } finally {
            s.close(fd);
        }
    }

    /** Content, or empty when the file does not exist (ENOENT); any other failure throws. */
    public static Optional<String> readIfExists(Path file) {
        try {
            return Optional.of(read(file.toString()));
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOENT)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Writes {@code value} with one {@code write(2)}, as cgroupfs requires; the file must exist (no O_CREAT:
     * a typo in a cgroup file name must fail, not create a regular file).
     */
    public static void write(Path file, String value) {
        String path = file.toString();
        Scratch s = SCRATCH.get();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        while (bytes.length > s.buffer.byteSize()) {
            s.grow();
        }
        MemorySegment.copy(bytes, 0, s.buffer, JAVA_BYTE, 0, bytes.length);
        int fd = s.open(path, Libc.O_WRONLY | Libc.O_CLOEXEC, "open");
        try {
            long n;
            do {
                n = (long) Libc.WRITE.invokeExact(s.capture, fd, s.buffer, (long) bytes.length);
            } while (n < 0 && Libc.errno(s.capture) == Errno.EINTR.number());
            if (n < 0) {
                throw new ErrnoException("write " + quote(value) + " to", path, Libc.errno(s.capture));
            }
            if (n != bytes.length) {
                throw new ErrnoException("write " + quote(value) + " (short) to", path, Errno.EIO.number());
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        } finally {
            s.close(fd);
        }
    }

    private static String quote(String v) {
        return '"' + v.strip() + '"';
    }

    /** Per-thread native memory: errno capture, a path buffer and a growable data buffer. */
    private static final class Scratch {
        private final Arena arena = Arena.ofAuto();
        final MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
        final MemorySegment path = arena.allocate(PATH_MAX);
        MemorySegment buffer = arena.allocate(FIRST_BUFFER);

        void grow() {
            MemorySegment bigger = arena.allocate(buffer.byteSize() * 2);
            MemorySegment.copy(buffer, 0, bigger, 0, buffer.byteSize());
            buffer = bigger;
        }

        int open(String file, int flags, String call) {
            byte[] name = file.getBytes(StandardCharsets.UTF_8);
            if (name.length >= PATH_MAX) {
                throw new ErrnoException(call, file, Errno.ENAMETOOLONG.number());
            }
            MemorySegment.copy(name, 0, path, JAVA_BYTE, 0, name.length);
            path.set(JAVA_BYTE, name.length, (byte) 0);
            try {
                int fd;
                do {
                    fd = (int) Libc.OPEN.invokeExact(capture, path, flags, 0);
                } while (fd < 0 && Libc.errno(capture) == Errno.EINTR.number());
                if (fd < 0) {
                    throw new ErrnoException(call, file, Libc.errno(capture));
                }
                return fd;
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
        }

        void close(int fd) {
            try {
                int ignored = (int) Libc.CLOSE.invokeExact(capture, fd);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
        }
    }
}
