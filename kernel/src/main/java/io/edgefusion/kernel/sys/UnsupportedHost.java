package io.edgefusion.kernel.sys;

/** The host cannot do what was asked: not Linux, no cgroup mounted, a controller missing. */
public final class UnsupportedHost extends KernelException {
    public UnsupportedHost(String message) {
        super(message);
    }
}
