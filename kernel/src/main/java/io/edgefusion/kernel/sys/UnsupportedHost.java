package io.edgefusion.kernel.sys;

/** The host cannot do what was asked: not Linux, no cgroup mounted, a controller missing. */
public final class UnsupportedHost extends KernelException {
    public UnsupportedHost(String message) {
        super(message);
    }

    /** With the failure that showed the host's lack (an errno that only this explanation makes sense of). */
    public UnsupportedHost(String message, Throwable cause) {
        super(message, cause);
    }
}
