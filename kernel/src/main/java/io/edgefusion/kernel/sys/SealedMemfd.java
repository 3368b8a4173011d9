package io.edgefusion.kernel.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * An anonymous in-memory file that nobody can change once written: {@code memfd_create(2)} with sealing allowed,
 * the bytes written, then {@code F_SEAL_WRITE|F_SEAL_GROW|F_SEAL_SHRINK|F_SEAL_SEAL}. A binary executed from one
 * (by its {@code /proc/<pid>/fd/<n>} path) has an image that no process, inside a sandbox or not, can write
 * through {@code /proc/<pid>/exe} — the CVE-2019-5736 class — without a copy per execution.
 */
public final class SealedMemfd {
    static final int MFD_CLOEXEC = 0x1;
    static final int MFD_ALLOW_SEALING = 0x2;
    static final int F_ADD_SEALS = 1033;
    static final int F_GET_SEALS = 1034;
    static final int F_SEAL_SEAL = 0x1;
    static final int F_SEAL_SHRINK = 0x2;
    static final int F_SEAL_GROW = 0x4;
    static final int F_SEAL_WRITE = 0x8;
    static final int ALL_SEALS = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

    private static final Libc.Lazy MEMFD_CREATE = new Libc.Lazy("memfd_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Lazy FCNTL = new Libc.Lazy("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));

    private SealedMemfd() {
    }

    /** A close-on-exec memfd named {@code name} holding {@code bytes}, sealed; the caller owns the fd. */
    public static int create(String name, byte[] bytes) {
        int fd;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            fd = (int) MEMFD_CREATE.get().invokeExact(cap, a.allocateFrom(name), MFD_CLOEXEC | MFD_ALLOW_SEALING);
            Libc.check(fd, cap, "memfd_create", name);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
        try {
            FdIo.writeAll(fd, bytes, 0, bytes.length, "memfd " + name);
            fcntl(fd, F_ADD_SEALS, ALL_SEALS, name);
            return fd;
        } catch (RuntimeException e) {
            FileSyscalls.close(fd);
            throw e;
        }
    }

    /** The seals on {@code fd} ({@code F_GET_SEALS}). */
    public static int seals(int fd) {
        return fcntl(fd, F_GET_SEALS, 0, "fd " + fd);
    }

    /** True when {@code fd} can no longer be written, grown, shrunk or unsealed. */
    public static boolean sealed(int fd) {
        return (seals(fd) & ALL_SEALS) == ALL_SEALS;
    }

    private static int fcntl(int fd, int cmd, int arg, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            int rc = (int) FCNTL.get().invokeExact(cap, fd, cmd, arg);
            Libc.check(rc, cap, "fcntl", what);
            return rc;
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
