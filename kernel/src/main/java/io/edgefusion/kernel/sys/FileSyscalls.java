package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.sys.arch.Arch;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * File system calls relative to a directory fd, for code that must never build a path string from untrusted
 * names (layer unpack, diffs of a sandbox's upper dir). Each creates or changes exactly one name inside a
 * directory the caller holds open; {@link #openat2} resolves multi-component paths with the kernel's
 * {@code RESOLVE_*} guarantees. Every failure is an {@link ErrnoException} naming the call and the name.
 */
public final class FileSyscalls {
    // Everything below is asm-generic or uapi and the same on x86-64 and aarch64 (checked against both
    // architectures' headers by GenericConstantsMatchHeadersTest); what differs comes from Arch.
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_EMPTY_PATH = 0x1000;

    public static final int O_EXCL = 0200;
    public static final int O_NONBLOCK = 04000;

    /** {@code openat2} resolve flags (linux/openat2.h). */
    public static final long RESOLVE_NO_XDEV = 0x01;
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;
    public static final long RESOLVE_IN_ROOT = 0x10;

    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;

    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    static final int STATX_BASIC_STATS = 0x7ff;
    /** {@code struct open_how}: three u64 (flags, mode, resolve); uapi, one layout everywhere. */
    static final long OPEN_HOW_SIZE = 24;
    /** {@code struct statx} (uapi, one layout everywhere): offsets of the fields {@link #statx} reads. */
    static final long STATX_SIZE = 256;
    static final long STX_NLINK = 16;
    static final long STX_UID = 20;
    static final long STX_GID = 24;
    static final long STX_MODE = 28;
    static final long STX_INO = 32;
    static final long STX_SIZE = 40;
    static final long STX_MTIME_SEC = 112;
    static final long STX_MTIME_NSEC = 120;
    static final long STX_RDEV_MAJOR = 128;
    static final long STX_RDEV_MINOR = 132;
    static final long STX_DEV_MAJOR = 136;
    static final long STX_DEV_MINOR = 140;

    private static final long SYS_OPENAT2 = Arch.current().sysOpenat2();

    // Bound on first use: most commands need a few of these, and each binding costs a cold JVM 2-3 ms.
    private static final Libc.Lazy SYSCALL4 = new Libc.Lazy("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final Libc.Lazy OPENAT = new Libc.Lazy("openat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(3));
    private static final Libc.Lazy MKDIRAT = new Libc.Lazy("mkdirat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Lazy MKNODAT = new Libc.Lazy("mknodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final Libc.Lazy SYMLINKAT = new Libc.Lazy("symlinkat",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final Libc.Lazy LINKAT = new Libc.Lazy("linkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Lazy RENAMEAT2 = new Libc.Lazy("renameat2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Lazy UNLINKAT = new Libc.Lazy("unlinkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Lazy READLINKAT = new Libc.Lazy("readlinkat",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final Libc.Lazy STATX = new Libc.Lazy("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final Libc.Lazy FSYNC = new Libc.Lazy("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Libc.Lazy SYNCFS = new Libc.Lazy("syncfs", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Libc.Lazy FLOCK = new Libc.Lazy("flock",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Libc.Lazy FCHDIR = new Libc.Lazy("fchdir", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private FileSyscalls() {
    }

    private static RuntimeException fail(String call, String name, int errno) {
        return new ErrnoException(call, name, errno);
    }

    /**
     * {@code openat2(2)}: opens {@code path} relative to {@code dirfd} with {@code RESOLVE_*} flags, e.g.
     * {@code RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS} so that {@code ..} and absolute symlinks stay inside
     * {@code dirfd}. Retries on EAGAIN, which the kernel returns when a concurrent rename raced the walk.
     */
    public static int openat2(int dirfd, String path, int flags, int mode, long resolve) {
        SysScratch s = SysScratch.get();
        MemorySegment how = s.small;
        how.set(JAVA_LONG, 0, flags & 0xffffffffL);
        how.set(JAVA_LONG, 8, mode);
        how.set(JAVA_LONG, 16, resolve);
        MemorySegment p = s.p1(path, "openat2");
        try {
            for (int attempt = 0; ; attempt++) {
                long fd = (long) SYSCALL4.get().invokeExact(s.capture, SYS_OPENAT2, (long) dirfd, p, how,
                        OPEN_HOW_SIZE);
                if (fd >= 0) {
                    return (int) fd;
                }
                int err = s.errno();
                if (err == Errno.EINTR.number() || (err == Errno.EAGAIN.number() && attempt < 16)) {
                    continue;
                }
                throw fail("openat2", path, err);
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code openat(2)} of one name (or a trusted relative path) in {@code dirfd}. */
    public static int openat(int dirfd, String name, int flags, int mode) {
        return openat(dirfd, SysScratch.get().p1(name, "openat"), name, flags, mode);
    }

    /** A directory entry by its raw name bytes (see {@link DirStream#listRaw}), not following a symlink. */
    static int openDir(int dirfd, byte[] name) {
        return openat(dirfd, SysScratch.get().p1(name), DirStream.display(name),
                Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
    }

    private static int openat(int dirfd, MemorySegment p, String name, int flags, int mode) {
        SysScratch s = SysScratch.get();
        try {
            while (true) {
                int fd = (int) OPENAT.get().invokeExact(s.capture, dirfd, p, flags, mode);
                if (fd >= 0) {
                    return fd;
                }
                if (s.errno() != Errno.EINTR.number()) {
                    throw fail("openat", name, s.errno());
                }
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** Opens a directory below {@code dirfd} without following a symlink in its last component. */
    public static int openDir(int dirfd, String name) {
        return openat(dirfd, name, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
    }

    public static void mkdirat(int dirfd, String name, int mode) {
        SysScratch s = SysScratch.get();
        try {
            check((int) MKDIRAT.get().invokeExact(s.capture, dirfd, s.p1(name, "mkdirat"), mode), s, "mkdirat", name);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code mknodat(2)}; {@code mode} carries the file type (S_IFCHR, S_IFIFO, …). */
    public static void mknodat(int dirfd, String name, int mode, long dev) {
        SysScratch s = SysScratch.get();
        try {
            check((int) MKNODAT.get().invokeExact(s.capture, dirfd, s.p1(name, "mknodat"), mode, dev), s,
                    "mknodat", name);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** Creates symlink {@code name} in {@code dirfd} whose content is {@code target}; the target is not resolved. */
    public static void symlinkat(String target, int dirfd, String name) {
        SysScratch s = SysScratch.get();
        try {
            check((int) SYMLINKAT.get().invokeExact(s.capture, s.p2(target, "symlinkat"), dirfd,
                    s.p1(name, "symlinkat")),
                    s, "symlinkat", name);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code linkat(2)}: without AT_SYMLINK_FOLLOW a symlink is linked itself, never its target. */
    public static void linkat(int olddirfd, String oldName, int newdirfd, String newName, int flags) {
        SysScratch s = SysScratch.get();
        try {
            check((int) LINKAT.get().invokeExact(s.capture, olddirfd, s.p2(oldName, "linkat"), newdirfd,
                    s.p1(newName, "linkat"), flags), s, "linkat", newName);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code renameat2(2)}; flags 0, RENAME_NOREPLACE or RENAME_EXCHANGE. */
    public static void renameat(int olddirfd, String oldName, int newdirfd, String newName, int flags) {
        SysScratch s = SysScratch.get();
        try {
            check((int) RENAMEAT2.get().invokeExact(s.capture, olddirfd, s.p2(oldName, "renameat2"), newdirfd,
                    s.p1(newName, "renameat2"), flags), s, "rename " + oldName + " to", newName);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code unlinkat(2)}; AT_REMOVEDIR removes an empty directory. */
    public static void unlinkat(int dirfd, String name, int flags) {
        unlinkat(dirfd, SysScratch.get().p1(name, "unlinkat"), name, flags);
    }

    /** {@code unlinkat} of a directory entry by its raw name bytes. */
    static void unlinkat(int dirfd, byte[] name, int flags) {
        unlinkat(dirfd, SysScratch.get().p1(name), DirStream.display(name), flags);
    }

    private static void unlinkat(int dirfd, MemorySegment p, String name, int flags) {
        SysScratch s = SysScratch.get();
        try {
            check((int) UNLINKAT.get().invokeExact(s.capture, dirfd, p, flags), s, "unlinkat", name);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** The content of symlink {@code name}, never followed. */
    public static String readlinkat(int dirfd, String name) {
        SysScratch s = SysScratch.get();
        try {
            long n = (long) READLINKAT.get().invokeExact(s.capture, dirfd, s.p1(name, "readlinkat"), s.path2,
                    (long) SysScratch.PATH_MAX);
            if (n < 0) {
                throw fail("readlinkat", name, s.errno());
            }
            byte[] b = s.path2.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /**
     * {@code statx(2)} of {@code name} in {@code dirfd}; pass AT_SYMLINK_NOFOLLOW to describe a symlink itself,
     * or an empty name with AT_EMPTY_PATH to describe {@code dirfd}.
     */
    public static Statx statx(int dirfd, String name, int flags) {
        return statx(dirfd, SysScratch.get().p1(name, "statx"), name, flags);
    }

    /** {@code statx} of a directory entry by its raw name bytes; null when it is gone (ENOENT). */
    static Statx statxIfExists(int dirfd, byte[] name, int flags) {
        try {
            return statx(dirfd, SysScratch.get().p1(name), DirStream.display(name), flags);
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOENT)) {
                return null;
            }
            throw e;
        }
    }

    private static Statx statx(int dirfd, MemorySegment p, String name, int flags) {
        SysScratch s = SysScratch.get();
        MemorySegment b = s.statx;
        try {
            check((int) STATX.get().invokeExact(s.capture, dirfd, p, flags, STATX_BASIC_STATS, b), s, "statx", name);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
        int mode = Short.toUnsignedInt(b.get(JAVA_SHORT, STX_MODE));
        long dev = Libc.makedev(b.get(JAVA_INT, STX_DEV_MAJOR), b.get(JAVA_INT, STX_DEV_MINOR));
        return new Statx(mode, b.get(JAVA_INT, STX_UID), b.get(JAVA_INT, STX_GID), b.get(JAVA_LONG, STX_SIZE),
                b.get(JAVA_INT, STX_NLINK), b.get(JAVA_LONG, STX_INO), dev, b.get(JAVA_INT, STX_RDEV_MAJOR),
                b.get(JAVA_INT, STX_RDEV_MINOR), b.get(JAVA_LONG, STX_MTIME_SEC), b.get(JAVA_INT, STX_MTIME_NSEC));
    }

    /** {@code statx} that returns null instead of throwing ENOENT. */
    public static Statx statxIfExists(int dirfd, String name, int flags) {
        try {
            return statx(dirfd, name, flags);
        } catch (ErrnoException e) {
            if (e.is(Errno.ENOENT)) {
                return null;
            }
            throw e;
        }
    }

    public static void fsync(int fd) {
        SysScratch s = SysScratch.get();
        try {
            check((int) FSYNC.get().invokeExact(s.capture, fd), s, "fsync", "fd " + fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code syncfs(2)}: flushes the whole file system holding {@code fd} — one call for a tree of thousands of files. */
    public static void syncfs(int fd) {
        SysScratch s = SysScratch.get();
        try {
            check((int) SYNCFS.get().invokeExact(s.capture, fd), s, "syncfs", "fd " + fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /**
     * {@code flock(2)}. Locks belong to the open file description, so two opens of one lock file conflict even
     * inside one JVM, and the kernel drops the lock when the process dies (kill -9 included). Returns false only
     * for LOCK_NB when the lock is held elsewhere.
     */
    public static boolean flock(int fd, int op) {
        SysScratch s = SysScratch.get();
        try {
            while (true) {
                int rc = (int) FLOCK.get().invokeExact(s.capture, fd, op);
                if (rc == 0) {
                    return true;
                }
                int err = s.errno();
                if (err == Errno.EINTR.number()) {
                    continue;
                }
                if (err == Errno.EAGAIN.number() && (op & LOCK_NB) != 0) {
                    return false;
                }
                throw fail("flock", "fd " + fd, err);
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** Changes the calling thread's cwd; only on a thread that first called {@code unshare(CLONE_FS)}. */
    public static void fchdir(int fd) {
        SysScratch s = SysScratch.get();
        try {
            check((int) FCHDIR.get().invokeExact(s.capture, fd), s, "fchdir", "fd " + fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code close(2)}; errors are ignored (Linux frees the fd even when close reports one). */
    public static void close(int fd) {
        if (fd < 0) {
            return;
        }
        SysScratch s = SysScratch.get();
        try {
            int ignored = (int) Libc.CLOSE.invokeExact(s.capture, fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    static void check(int rc, SysScratch s, String call, String name) {
        if (rc < 0) {
            throw fail(call, name, s.errno());
        }
    }
}
