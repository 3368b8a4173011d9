package io.edgefusion.guardian.breaker;

/**
 * A workload's breaker. CLOSED: it runs and its checks count. OPEN: it tripped (isolated, rolled back,
 * snapshotted); restarts are refused until the cool-down is over. HALF_OPEN: on probation — restarts are allowed,
 * one failure opens the breaker again, a probe period without failure closes it.
 */
public enum BreakerState {
    CLOSED, OPEN, HALF_OPEN;

    /** {@code closed}, {@code open}, {@code half-open}: how listings and JSON spell it. */
    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
