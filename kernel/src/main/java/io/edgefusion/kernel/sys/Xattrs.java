package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.sys.arch.Arch;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Extended attributes by fd ({@code fsetxattr}, {@code fgetxattr}, {@code flistxattr}) and, for symlinks, which
 * cannot be opened for I/O, by name in a directory fd ({@code setxattrat}, Linux 6.13+).
 */
public final class Xattrs {
    private static final long SYS_SETXATTRAT = Arch.current().sysSetxattrat();
    /** {@code struct xattr_args}: u64 value pointer, u32 size, u32 flags; uapi, one layout everywhere. */
    static final long XATTR_ARGS_SIZE = 16;
    private static final Libc.Lazy FSETXATTR = new Libc.Lazy("fsetxattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final Libc.Lazy FGETXATTR = new Libc.Lazy("fgetxattr",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final Libc.Lazy FLISTXATTR = new Libc.Lazy("flistxattr",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Libc.Lazy SYSCALL6 = new Libc.Lazy("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private Xattrs() {
    }

    /** Sets xattr {@code name} on the inode behind {@code fd}; {@code what} names it in errors. */
    public static void set(int fd, String name, byte[] value, String what) {
        SysScratch s = SysScratch.get();
        MemorySegment v = s.data;
        if (value.length > SysScratch.DATA) {
            throw new ErrnoException("fsetxattr " + name, what, Errno.E2BIG.number());
        }
        MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
        try {
            FileSyscalls.check((int) FSETXATTR.get().invokeExact(s.capture, fd, s.p1(name, "fsetxattr"), v,
                    (long) value.length, 0), s, "fsetxattr " + name, what);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /**
     * Sets xattr {@code name} on {@code entry} in {@code dirfd} without following a symlink (setxattrat with
     * AT_SYMLINK_NOFOLLOW). Throws ENOSYS on kernels before 6.13.
     */
    public static void setAt(int dirfd, String entry, String name, byte[] value) {
        SysScratch s = SysScratch.get();
        MemorySegment v = s.data;
        MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
        MemorySegment args = s.small;
        args.set(JAVA_LONG, 0, v.address());
        args.set(JAVA_INT, 8, value.length);
        args.set(JAVA_INT, 12, 0);
        try {
            long rc = (long) SYSCALL6.get().invokeExact(s.capture, SYS_SETXATTRAT, (long) dirfd,
                    s.p1(entry, "setxattrat"),
                    (long) FileSyscalls.AT_SYMLINK_NOFOLLOW, s.p2(name, "setxattrat"), args, XATTR_ARGS_SIZE);
            if (rc < 0) {
                throw new ErrnoException("setxattrat " + name, entry, s.errno());
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** The value of xattr {@code name}, or null when the inode does not have it (ENODATA). */
    public static byte[] get(int fd, String name, String what) {
        SysScratch s = SysScratch.get();
        try {
            long n = (long) FGETXATTR.get().invokeExact(s.capture, fd, s.p1(name, "fgetxattr"), s.data,
                    (long) SysScratch.DATA);
            if (n < 0) {
                if (s.errno() == Errno.ENODATA.number()) {
                    return null;
                }
                throw new ErrnoException("fgetxattr " + name, what, s.errno());
            }
            return s.data.asSlice(0, n).toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** Names of all xattrs the caller may see on the inode behind {@code fd}. */
    public static List<String> list(int fd, String what) {
        SysScratch s = SysScratch.get();
        try {
            long n = (long) FLISTXATTR.get().invokeExact(s.capture, fd, s.data, (long) SysScratch.DATA);
            if (n < 0) {
                if (s.errno() == Errno.EOPNOTSUPP.number()) {
                    return List.of();
                }
                throw new ErrnoException("flistxattr", what, s.errno());
            }
            List<String> names = new ArrayList<>();
            byte[] all = s.data.asSlice(0, n).toArray(JAVA_BYTE);
            int start = 0;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == 0) {
                    if (i > start) {
                        names.add(new String(all, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return names;
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
