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
 * @param prevent  whether the contract's network rule is also loaded into the kernel (cgroup BPF bind programs)
 */
public record GuardianConfig(Optional<Duration> interval, BreakerConfig breaker, Duration stable, Prevent prevent) {
    /** {@code prevent: bind} (the default) or {@code off} (detection only: the listening check). */
    public enum Prevent {
        BIND, OFF;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final Duration DEFAULT_STABLE = Duration.ofSeconds(30);

    /** No {@code guardian:} section: the stage's interval, the default breaker, 30 s to become stable, bind prevention. */
    public static GuardianConfig defaults() {
        return new GuardianConfig(Optional.empty(), BreakerConfig.defaults(), DEFAULT_STABLE, Prevent.BIND);
    }
}
