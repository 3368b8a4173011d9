package io.edgefusion.sandbox.launch;

/**
 * A helper's end cannot be learnt: the process that started it and would have reaped it (a thin client) went
 * away first. The helper itself may still run, re-parented to that process's reaper.
 */
public final class HelperExitLost extends RuntimeException {
    private final long pid;

    public HelperExitLost(long pid, String why) {
        super("helper pid " + pid + ": its exit status is lost: " + why);
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }
}
