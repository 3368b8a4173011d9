package io.edgefusion.runtime.diagnose.throttling;

/** What a throttling diagnosis concludes. */
public enum Verdict {
    OVERSUBSCRIBED("throttling, oversubscribed", true),
    AT_QUOTA("throttling at the quota", true),
    NOT_THE_CAUSE("throttling is not the cause", false);

    /**
     * Throttling is the cause when at least this share of pause time fell inside throttled stretches. Measured at
     * --cpus 0.5 over 4–5 s on a loaded 2-CPU host: oversubscribed runs (Go GOMAXPROCS=8, JVM 8 active
     * processors) 19–72 %, the Go ergonomic runs (2 Ps, still throttled at the quota) 48–64 %, the ergonomic JVM
     * (1 processor, Serial) 0–28 %. Pause time the host's own contention stretches lies outside throttled
     * stretches and lowers the share, so the bar sits below the lowest oversubscribed run.
     */
    public static final double SHARE = 0.15;
    /** ... and at least this much pause time in absolute terms, so a few unlucky µs pauses do not count. */
    public static final long MIN_NANOS = 10_000_000L;

    private final String label;
    private final boolean problem;

    Verdict(String label, boolean problem) {
        this.label = label;
        this.problem = problem;
    }

    public String label() {
        return label;
    }

    public boolean problem() {
        return problem;
    }

    public static Verdict of(Correlation c, int parallelism, int fits) {
        if (c.throttledShare() < SHARE || c.pauseThrottledNanos() < MIN_NANOS) {
            return NOT_THE_CAUSE;
        }
        return parallelism > fits ? OVERSUBSCRIBED : AT_QUOTA;
    }
}
