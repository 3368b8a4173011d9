package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.RestartPolicy;

import java.time.Duration;
import java.time.Instant;

/**
 * The delay before each restart: {@code initial}, then doubled after every restart up to {@code max}; a run that
 * lasted {@link RestartPolicy#STABLE} or longer starts the sequence again. Pure: the caller supplies the times
 * (from its injected clock), so tests need no sleeps.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: initial " + initial + " must be >= 0 and <= max " + max);
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    public static Backoff of(RestartPolicy p) {
        return new Backoff(p.initial(), p.max());
    }

    /**
     * The delay before restarting a workload that ran from {@code runningSince} until {@code exitedAt} (null
     * when it never got to run); the one after it will be twice as long, capped at max.
     */
    public synchronized Duration afterExit(Instant runningSince, Instant exitedAt) {
        if (runningSince != null && Duration.between(runningSince, exitedAt).compareTo(RestartPolicy.STABLE) >= 0) {
            next = initial;
        }
        Duration d = next;
        Duration doubled = next.isZero() ? Duration.ZERO : next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return d;
    }

    /** The delay the next restart would get, without using it. */
    public synchronized Duration peek() {
        return next;
    }
}
