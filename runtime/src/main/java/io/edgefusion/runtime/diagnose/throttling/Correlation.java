package io.edgefusion.runtime.diagnose.throttling;

import java.util.List;

/**
 * Pauses set against throttled stretches over one sampled window.
 *
 * @param intervals         each sampling interval, with the throttled time attributed to it
 * @param pauses            every pause inside the window, with what overlapped it
 * @param pauseNanos        total pause time
 * @param pauseThrottledNanos the part of pause time that fell inside throttled stretches
 * @param periods           CFS periods in the window
 * @param throttledPeriods  of which throttled
 * @param throttledNanos    throttled time in the window (summed over CPUs, as the kernel counts it)
 * @param usageNanos        CPU time the cgroup used in the window, -1 unknown
 * @param pressureMicros    growth of {@code cpu.pressure} some total, -1 where absent
 */
public record Correlation(long windowStartNanos, long windowEndNanos, List<Interval> intervals,
                          List<PauseOverlap> pauses, long pauseNanos, long pauseThrottledNanos, long periods,
                          long throttledPeriods, long throttledNanos, long usageNanos, long pressureMicros) {
    public Correlation {
        intervals = List.copyOf(intervals);
        pauses = List.copyOf(pauses);
    }

    /** A sampling interval; {@code throttled} when it is part of a stretch in which the group got no CPU. */
    public record Interval(long startNanos, long endNanos, boolean throttled, long throttledNanos) {
    }

    /**
     * @param inThrottledNanos the part of the pause inside throttled intervals
     * @param throttledNanos   throttled time attributed to the intervals it overlaps
     */
    public record PauseOverlap(GcPause pause, long inThrottledNanos, long throttledNanos) {
        public boolean overlaps() {
            return inThrottledNanos > 0;
        }
    }

    public long overlappingPauses() {
        return pauses.stream().filter(PauseOverlap::overlaps).count();
    }

    /** Share of pause time inside throttled stretches, 0..1 (0 with no pauses). */
    public double throttledShare() {
        return pauseNanos == 0 ? 0 : (double) pauseThrottledNanos / pauseNanos;
    }
}
