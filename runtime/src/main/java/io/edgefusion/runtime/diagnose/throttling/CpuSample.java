package io.edgefusion.runtime.diagnose.throttling;

/**
 * One reading of a cgroup's CPU counters.
 *
 * @param monoNanos        when, on the monotonic clock ({@link System#nanoTime})
 * @param usageNanos       CPU time used so far (v2 {@code usage_usec}, v1 {@code cpuacct.usage}), -1 unknown
 * @param periods          CFS periods so far ({@code nr_periods})
 * @param throttledPeriods periods in which the group was throttled ({@code nr_throttled})
 * @param throttledNanos   throttled time so far, summed over CPUs (v2 {@code throttled_usec}, v1
 *                         {@code throttled_time})
 * @param pressureMicros   {@code cpu.pressure} "some" total, -1 where the host has no such file
 */
public record CpuSample(long monoNanos, long usageNanos, long periods, long throttledPeriods, long throttledNanos,
                        long pressureMicros) {
}
