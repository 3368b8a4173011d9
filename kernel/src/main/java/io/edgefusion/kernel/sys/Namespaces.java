package io.edgefusion.kernel.sys;

import java.lang.foreign.FunctionDescriptor;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code setns(2)}: moves the calling thread into another process's namespace. Only on a dedicated platform
 * thread (DESIGN.md §2): a virtual thread's carrier would take the namespace to every other virtual thread it
 * runs, and a pooled thread would keep it for unrelated work.
 */
public final class Namespaces {
    /** {@code CLONE_NEWNET} (uapi sched.h, the same on every architecture). */
    public static final int CLONE_NEWNET = 0x40000000;

    private static final Libc.Lazy SETNS = new Libc.Lazy("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Namespaces() {
    }

    /**
     * Opens a namespace file such as {@code /proc/<pid>/ns/net} (read-only, close-on-exec); the fd names that
     * namespace for as long as it is open, even after the process exits.
     */
    public static int open(String nsFile) {
        return FileSyscalls.openat(FileSyscalls.AT_FDCWD, nsFile, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
    }

    /** Joins the namespace {@code fd} names; {@code nstype} checks that it is of that kind (0: any). */
    public static void setns(int fd, int nstype, String what) {
        SysScratch s = SysScratch.get();
        try {
            int rc = (int) SETNS.get().invokeExact(s.capture, fd, nstype);
            Libc.check(rc, s.capture, "setns", what);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
