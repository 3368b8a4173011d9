package io.edgefusion.guardian.breaker;

import java.time.Duration;

/**
 * A workload's breaker thresholds, from the {@code guardian.breaker} section of its deployment.
 *
 * @param failures failed checks (exits included: a crash loop is N restarts) within {@code window} that open it
 * @param window   the sliding window failures are counted in
 * @param cooldown how long it stays open before probation (half-open)
 * @param probe    how long a half-open workload must pass every check before the breaker closes
 */
public record BreakerConfig(int failures, Duration window, Duration cooldown, Duration probe) {
    public static final int DEFAULT_FAILURES = 3;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PROBE = Duration.ofSeconds(10);

    public BreakerConfig {
        if (failures < 1) {
            throw new IllegalArgumentException("breaker failures must be at least 1, got " + failures);
        }
        for (Duration d : new Duration[] {window, cooldown, probe}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("breaker durations must be positive, got " + d);
            }
        }
    }

    /** 3 failures in 30 s open it; 10 s cool-down; 10 s probation. */
    public static BreakerConfig defaults() {
        return new BreakerConfig(DEFAULT_FAILURES, DEFAULT_WINDOW, DEFAULT_COOLDOWN, DEFAULT_PROBE);
    }
}
