package io.edgefusion.kernel.sys;

/**
 * Everything the kernel layer reports: a failed system call ({@link ErrnoException}) or a kernel file whose
 * content does not mean what its name promises ({@link MalformedKernelFile}), or a host that lacks what a
 * call needs ({@link UnsupportedHost}). Unchecked so that stream pipelines over cgroup trees stay readable;
 * callers at the edge (the CLI) turn it into one line and exit code 125.
 */
public abstract sealed class KernelException extends RuntimeException
        permits ErrnoException, MalformedKernelFile, UnsupportedHost {

    protected KernelException(String message) {
        super(message);
    }

    protected KernelException(String message, Throwable cause) {
        super(message, cause);
    }
}
