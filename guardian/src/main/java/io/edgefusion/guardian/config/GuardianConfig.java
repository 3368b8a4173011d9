package io.edgefusion.guardian.config;

import io.edgefusion.guardian.breaker.BreakerConfig;

import java.time.Duration;
import java.util.Optional;

/**
 * A deployment's {@code guardian:} section, read by {@link GuardianSection}.
 *
 * @param interval how often the workload's checks run; empty = the stage's interval ({@code CheckInterval})
 * @param breaker  the breaker's thresholds
 * @param stable   how long a revision must pass every check to become the last-known-good one a rollback
 *                 returns to
 */
public record GuardianConfig(Optional<Duration> interval, BreakerConfig breaker, Duration stable) {
    public static final Duration DEFAULT_STABLE = Duration.ofSeconds(30);

    /** No {@code guardian:} section: the stage's interval, the default breaker, 30 s to become stable. */
    public static GuardianConfig defaults() {
        return new GuardianConfig(Optional.empty(), BreakerConfig.defaults(), DEFAULT_STABLE);
    }
}
