package io.edgefusion.runtime.diagnose.throttling;

/**
 * One stop-the-world pause, placed on the sampler's monotonic clock.
 *
 * @param gc          the collector's cycle number ({@code gc N}, {@code GC(N)})
 * @param label       what it was: {@code sweep termination}, {@code mark termination}, {@code Pause Young …}
 * @param startNanos  monotonic start
 * @param durationNanos how long the world stood still
 */
public record GcPause(long gc, String label, long startNanos, long durationNanos) {
    public long endNanos() {
        return startNanos + durationNanos;
    }
}
