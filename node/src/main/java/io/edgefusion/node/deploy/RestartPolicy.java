package io.edgefusion.node.deploy;

import java.time.Duration;

/**
 * {@code restart: {policy: always, backoff: {initial: 100ms, max: 10s}}}: after an exit the supervisor waits
 * initial, 2×, 4×, … up to max between restarts; a run that stayed up for {@link #STABLE} resets the delay.
 */
public record RestartPolicy(Mode mode, Duration initial, Duration max) {
    /** How long a workload must run before its backoff starts again from {@code initial}. */
    public static final Duration STABLE = Duration.ofSeconds(10);

    public enum Mode {
        NO, ON_FAILURE, ALWAYS;

        /** The file's spelling: {@code no}, {@code on-failure}, {@code always}. */
        public String spelling() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public static RestartPolicy no() {
        return new RestartPolicy(Mode.NO, Duration.ofMillis(100), Duration.ofSeconds(10));
    }
}
