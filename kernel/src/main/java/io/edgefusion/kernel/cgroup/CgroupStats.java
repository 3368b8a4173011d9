package io.edgefusion.kernel.cgroup;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Usage counters of one cgroup. Parts are absent when the host does not offer the controller (or, for pressure,
 * when no cgroup2 tree is mounted or the kernel lacks PSI).
 */
public record CgroupStats(Optional<Cpu> cpu, Optional<Memory> memory, Optional<Pids> pids,
                          Optional<Pressure> cpuPressure, Optional<Pressure> memoryPressure,
                          Optional<Pressure> ioPressure) {

    /**
     * CPU time and CFS throttling. Times are nanoseconds on both versions (v2 reports microseconds; converted).
     *
     * @param usageNanos    v1 {@code cpuacct.usage} / v2 {@code usage_usec}
     * @param nrPeriods     enforcement periods that elapsed with runnable tasks
     * @param nrThrottled   periods in which the group hit its quota
     * @param throttledNanos total time throttled
     */
    public record Cpu(OptionalLong usageNanos, OptionalLong userNanos, OptionalLong systemNanos, long nrPeriods,
                      long nrThrottled, long throttledNanos) {
    }

    /**
     * Memory use and limit hits.
     *
     * @param current  v1 {@code memory.usage_in_bytes} / v2 {@code memory.current}
     * @param peak     v1 {@code memory.max_usage_in_bytes} / v2 {@code memory.peak} (kernel ≥ 5.19)
     * @param failcnt  v1 only: times usage hit the limit
     * @param maxEvents v2 {@code memory.events max}: times usage was about to exceed memory.max
     * @param oomEvents v1 {@code under_oom} is a state, so v1 reports 0/1; v2 {@code oom} counts OOM situations
     * @param oomKills processes killed by the OOM killer in this cgroup (v1 {@code oom_kill}, kernel ≥ 4.13)
     */
    public record Memory(long current, OptionalLong peak, OptionalLong swapCurrent, OptionalLong failcnt,
                         OptionalLong maxEvents, OptionalLong highEvents, long oomEvents, long oomKills) {
    }

    public record Pids(long current, OptionalLong max) {
    }

    /** PSI of one resource: share of wall time in which some (or all non-idle) tasks were stalled. */
    public record Pressure(Line some, Optional<Line> full) {
    }

    /** {@code avg10=0.00 avg60=0.00 avg300=0.00 total=0}: percentages over 10/60/300 s and total µs stalled. */
    public record Line(double avg10, double avg60, double avg300, long totalMicros) {
    }
}
