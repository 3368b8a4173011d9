package io.edgefusion.kernel.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * An executable held in a sealed memfd: nobody — not even root inside a sandbox writing through
 * {@code /proc/<pid>/exe} — can change its bytes (F_SEAL_WRITE), which is how runc closed CVE-2019-5736.
 * Executed through {@code /proc/<our pid>/fd/<n>}: the JDK's spawn helper closes inherited descriptors, but the
 * path names our descriptor table, which lives as long as this JVM.
 */
public final class SealedExecutable implements AutoCloseable {
    private static final int MFD_CLOEXEC = 1;
    private static final int MFD_ALLOW_SEALING = 2;
    private static final int F_ADD_SEALS = 1033;
    private static final int F_SEAL_SEAL = 1;
    private static final int F_SEAL_SHRINK = 2;
    private static final int F_SEAL_GROW = 4;
    private static final int F_SEAL_WRITE = 8;

    private static final MethodHandle MEMFD_CREATE = Libc.downcallCapturing("memfd_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FCNTL = Libc.downcallCapturing("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), java.lang.foreign.Linker.Option
                    .firstVariadicArg(2));

    private final int fd;
    private final Path path;

    private SealedExecutable(int fd) {
        this.fd = fd;
        this.path = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(fd));
    }

    /** Copies {@code bytes} into a new sealed memfd named {@code name}. */
    public static SealedExecutable of(String name, byte[] bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            int fd = (int) MEMFD_CREATE.invokeExact(cap, a.allocateFrom(name), MFD_CLOEXEC | MFD_ALLOW_SEALING);
            if (fd < 0) {
                throw new ErrnoException("memfd_create", name, Libc.errno(cap));
            }
            MemorySegment data = a.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, data, JAVA_BYTE, 0, bytes.length);
            long off = 0;
            while (off < bytes.length) {
                long n = (long) Libc.WRITE.invokeExact(cap, fd, data.asSlice(off), bytes.length - off);
                if (n < 0 && Libc.errno(cap) == Errno.EINTR.number()) {
                    continue;
                }
                if (n <= 0) {
                    throw new ErrnoException("write", "memfd " + name, n < 0 ? Libc.errno(cap) : Errno.EIO.number());
                }
                off += n;
            }
            int seals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;
            if ((int) FCNTL.invokeExact(cap, fd, F_ADD_SEALS, seals) < 0) {
                throw new ErrnoException("fcntl F_ADD_SEALS", "memfd " + name, Libc.errno(cap));
            }
            return new SealedExecutable(fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** The path to pass to {@code execve} (ProcessBuilder). */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) Libc.CLOSE.invokeExact(a.allocate(Libc.CAPTURE_LAYOUT), fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
