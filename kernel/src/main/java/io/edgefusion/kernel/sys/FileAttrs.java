package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.sys.arch.Arch;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Owner, mode and times of one inode, by fd or by name in a directory fd. Order matters to callers: chown
 * clears setuid/setgid, so set owners before modes; writing into a directory changes its mtime, so set a
 * directory's times after its children exist.
 */
public final class FileAttrs {
    private static final Libc.Lazy FCHOWNAT = new Libc.Lazy("fchownat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Libc.Lazy FCHOWN = new Libc.Lazy("fchown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Libc.Lazy FCHMODAT = new Libc.Lazy("fchmodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final Libc.Lazy FCHMOD = new Libc.Lazy("fchmod",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Libc.Lazy UTIMENSAT = new Libc.Lazy("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final Libc.Lazy FUTIMENS = new Libc.Lazy("futimens",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final Libc.Lazy GETEUID = new Libc.Lazy("geteuid", FunctionDescriptor.of(JAVA_INT));

    private FileAttrs() {
    }

    /** {@code fchownat(2)}; with AT_SYMLINK_NOFOLLOW it changes a symlink itself. */
    public static void chownAt(int dirfd, String name, int uid, int gid, int flags) {
        SysScratch s = SysScratch.get();
        try {
            FileSyscalls.check((int) FCHOWNAT.get().invokeExact(s.capture, dirfd, s.p1(name, "fchownat"), uid, gid,
                    flags),
                    s, "fchownat", name);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    public static void chown(int fd, int uid, int gid, String what) {
        SysScratch s = SysScratch.get();
        try {
            FileSyscalls.check((int) FCHOWN.get().invokeExact(s.capture, fd, uid, gid), s, "fchown", what);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code fchmodat(2)} without flags: only for names the caller just created and knows are not symlinks. */
    public static void chmodAt(int dirfd, String name, int mode) {
        SysScratch s = SysScratch.get();
        try {
            FileSyscalls.check((int) FCHMODAT.get().invokeExact(s.capture, dirfd, s.p1(name, "fchmodat"), mode, 0),
                    s, "fchmodat", name);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    public static void chmod(int fd, int mode, String what) {
        SysScratch s = SysScratch.get();
        try {
            FileSyscalls.check((int) FCHMOD.get().invokeExact(s.capture, fd, mode), s, "fchmod", what);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /**
     * Sets atime and mtime of {@code name} in {@code dirfd} to the same instant; AT_SYMLINK_NOFOLLOW for a
     * symlink itself. An empty name with {@code dirfd} = the file's own fd sets that file's times (futimens).
     */
    public static void setTimes(int dirfd, String name, long sec, int nsec, int flags) {
        SysScratch s = SysScratch.get();
        MemorySegment ts = s.small;
        Arch.Timespec layout = Arch.current().timespec();
        ts.set(JAVA_LONG, 0, sec); // atime, then mtime; tv_sec is a 64-bit time_t on both architectures
        ts.set(JAVA_LONG, layout.nsecOffset(), nsec);
        ts.set(JAVA_LONG, layout.size(), sec);
        ts.set(JAVA_LONG, layout.size() + layout.nsecOffset(), nsec);
        try {
            if (name.isEmpty()) { // glibc's utimensat refuses a NULL path; futimens is its fd form
                FileSyscalls.check((int) FUTIMENS.get().invokeExact(s.capture, dirfd, ts), s, "futimens",
                        "fd " + dirfd);
                return;
            }
            FileSyscalls.check((int) UTIMENSAT.get().invokeExact(s.capture, dirfd, s.p1(name, "utimensat"), ts, flags),
                    s, "utimensat", name);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** The effective uid of this process (0 = root: files it creates are already owned 0:0). */
    public static int geteuid() {
        SysScratch s = SysScratch.get();
        try {
            return (int) GETEUID.get().invokeExact(s.capture);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
