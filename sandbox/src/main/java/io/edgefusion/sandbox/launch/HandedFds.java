package io.edgefusion.sandbox.launch;

/**
 * The caller's own stdio fds that an attached workload gets as its 0, 1, 2 instead of a relay: numbers in process
 * {@code pid}, duplicated by the helper with {@code pidfd_getfd} ({@code stdio} in native/PROTOCOL.md); -1 = not
 * handed. The caller decides which: never a terminal (it is relayed, so TIOCSTI from inside reaches only the
 * sandbox's pty), stdin only with {@code -i}; with {@code -t} only {@code err}, which is then just the helper's
 * own stderr (the pty is the workload's 0-2).
 */
public record HandedFds(long pid, int in, int out, int err) {
    public static final HandedFds NONE = new HandedFds(0, -1, -1, -1);

    public HandedFds {
        if ((in >= 0 || out >= 0 || err >= 0) && pid <= 0) {
            throw new IllegalArgumentException("handed fds need the pid that holds them, not " + pid);
        }
    }

    public boolean any() {
        return in >= 0 || out >= 0 || err >= 0;
    }
}
