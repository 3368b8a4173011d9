package io.edgefusion.kernel.cgroup;

import java.util.OptionalLong;

/**
 * CPU settings beyond {@link LimitSettings}. Empty fields leave the kernel as is; a field whose file this kernel
 * lacks is refused naming the file.
 *
 * @param realtimeRuntimeMicros v1 {@code cpu.rt_runtime_us} (-1 = no limit); v2 has no real-time group bandwidth
 * @param realtimePeriodMicros  v1 {@code cpu.rt_period_us}
 * @param idle                  {@code cpu.idle}: 1 puts the group at SCHED_IDLE weight (Linux 5.15, both versions);
 *                              shares or a weight given with 1 are not written (the kernel refuses them), with a
 *                              warning
 * @param burstMicros           v1 {@code cpu.cfs_burst_us} / v2 {@code cpu.max.burst} (Linux 5.14); at most the quota
 */
public record CpuExtras(OptionalLong realtimeRuntimeMicros, OptionalLong realtimePeriodMicros, OptionalLong idle,
                        OptionalLong burstMicros) {

    public CpuExtras {
        if (idle.isPresent() && idle.getAsLong() != 0 && idle.getAsLong() != 1) {
            throw new IllegalArgumentException("cpu idle " + idle.getAsLong() + ": expected 0 or 1");
        }
        if (realtimePeriodMicros.isPresent() && realtimePeriodMicros.getAsLong() <= 0) {
            throw new IllegalArgumentException("cpu realtime period " + realtimePeriodMicros.getAsLong()
                    + ": must be positive");
        }
        if (realtimeRuntimeMicros.isPresent() && realtimeRuntimeMicros.getAsLong() < -1) {
            throw new IllegalArgumentException("cpu realtime runtime " + realtimeRuntimeMicros.getAsLong()
                    + ": expected -1 or more");
        }
        if (burstMicros.isPresent() && burstMicros.getAsLong() < 0) {
            throw new IllegalArgumentException("cpu burst " + burstMicros.getAsLong() + ": negative");
        }
    }

    public static CpuExtras none() {
        OptionalLong e = OptionalLong.empty();
        return new CpuExtras(e, e, e, e);
    }

    public boolean isEmpty() {
        return realtimeRuntimeMicros.isEmpty() && realtimePeriodMicros.isEmpty() && idle.isEmpty()
                && burstMicros.isEmpty();
    }

    public CpuExtras withRealtime(long runtimeMicros, long periodMicros) {
        return new CpuExtras(OptionalLong.of(runtimeMicros), OptionalLong.of(periodMicros), idle, burstMicros);
    }

    public CpuExtras withIdle(long v) {
        return new CpuExtras(realtimeRuntimeMicros, realtimePeriodMicros, OptionalLong.of(v), burstMicros);
    }

    public CpuExtras withBurst(long micros) {
        return new CpuExtras(realtimeRuntimeMicros, realtimePeriodMicros, idle, OptionalLong.of(micros));
    }
}
