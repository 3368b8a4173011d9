package io.edgefusion.kernel.sys;

import java.util.Optional;

/** A system call that failed: names the call, the object it acted on and the errno, e.g. {@code rmdir /sys/fs/cgroup/pids/x: EBUSY}. */
public final class ErrnoException extends KernelException {
    private final String call;
    private final String target;
    private final int errno;

    public ErrnoException(String call, String target, int errno) {
        super(call + (target == null || target.isEmpty() ? "" : " " + target) + ": " + Errno.nameOf(errno)
                + describe(errno));
        this.call = call;
        this.target = target;
        this.errno = errno;
    }

    private static String describe(int errno) {
        Errno e = Errno.of(errno);
        return e == null ? "" : " (" + e.description() + ")";
    }

    /** The call as the kernel knows it: {@code open}, {@code write}, {@code rmdir}, {@code mount /proc}. */
    public String call() {
        return call;
    }

    /** The path or object the call acted on; may be empty. */
    public String target() {
        return target;
    }

    public int errnoNumber() {
        return errno;
    }

    /** The named errno, if it has a name here. */
    public Optional<Errno> errno() {
        return Optional.ofNullable(Errno.of(errno));
    }

    public boolean is(Errno e) {
        return e.number() == errno;
    }
}
