package io.edgefusion.kernel.net;

/**
 * What one {@code recvmsg(2)} gave: {@code bytes} of data (0 at end of stream) and the fds that came with them
 * (SCM_RIGHTS, installed close-on-exec, now owned by the caller). {@code truncated} says the sender passed more
 * fds than there was room for: the kernel closed the rest.
 */
public record Received(int bytes, int[] fds, boolean truncated) {
    public Received {
        fds = fds.clone();
    }

    @Override
    public int[] fds() {
        return fds.clone();
    }
}
