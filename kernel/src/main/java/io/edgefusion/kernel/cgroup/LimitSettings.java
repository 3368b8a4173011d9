package io.edgefusion.kernel.cgroup;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Limits to write into a cgroup, in user terms (docker's flags); the managers translate them per version.
 * Empty fields are left as the kernel has them.
 *
 * @param memoryBytes       hard limit (v1 {@code memory.limit_in_bytes}, v2 {@code memory.max}); -1 = unlimited
 * @param memorySwapBytes   memory + swap together, as docker's {@code --memory-swap}; -1 = unlimited swap
 * @param memoryReservation soft limit (v1 {@code memory.soft_limit_in_bytes}, v2 {@code memory.low})
 * @param memoryHigh        v2 throttle point {@code memory.high}; rejected on v1, which has none
 * @param cpuQuotaMicros    CFS quota per period in µs; -1 = unlimited
 * @param cpuPeriodMicros   CFS period in µs (default 100000)
 * @param cpuShares         v1 shares (2..262144); converted with the log-quadratic formula on v2
 * @param cpuWeight         v2 weight (1..10000); converted back to shares on v1
 * @param cpusetCpus        CPU list, e.g. {@code 0-1}
 * @param cpusetMems        memory node list, e.g. {@code 0}
 * @param pidsMax           task limit; -1 = unlimited
 */
public record LimitSettings(OptionalLong memoryBytes, OptionalLong memorySwapBytes, OptionalLong memoryReservation,
                            OptionalLong memoryHigh, OptionalLong cpuQuotaMicros, OptionalLong cpuPeriodMicros,
                            OptionalLong cpuShares, OptionalLong cpuWeight, Optional<String> cpusetCpus,
                            Optional<String> cpusetMems, OptionalLong pidsMax) {
    public static final long DEFAULT_PERIOD_MICROS = 100_000;

    public static LimitSettings none() {
        OptionalLong e = OptionalLong.empty();
        return new LimitSettings(e, e, e, e, e, e, e, e, Optional.empty(), Optional.empty(), e);
    }

    public LimitSettings withMemory(long bytes) {
        return new LimitSettings(OptionalLong.of(bytes), memorySwapBytes, memoryReservation, memoryHigh,
                cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpuWeight, cpusetCpus, cpusetMems, pidsMax);
    }

    public LimitSettings withMemorySwap(long bytes) {
        return new LimitSettings(memoryBytes, OptionalLong.of(bytes), memoryReservation, memoryHigh,
                cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpuWeight, cpusetCpus, cpusetMems, pidsMax);
    }

    public LimitSettings withMemoryReservation(long bytes) {
        return new LimitSettings(memoryBytes, memorySwapBytes, OptionalLong.of(bytes), memoryHigh,
                cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpuWeight, cpusetCpus, cpusetMems, pidsMax);
    }

    public LimitSettings withMemoryHigh(long bytes) {
        return new LimitSettings(memoryBytes, memorySwapBytes, memoryReservation, OptionalLong.of(bytes),
                cpuQuotaMicros, cpuPeriodMicros, cpuShares, cpuWeight, cpusetCpus, cpusetMems, pidsMax);
    }

    public LimitSettings withCpuQuota(long quotaMicros, long periodMicros) {
        return new LimitSettings(memoryBytes, memorySwapBytes, memoryReservation, memoryHigh,
                OptionalLong.of(quotaMicros), OptionalLong.of(periodMicros), cpuShares, cpuWeight, cpusetCpus,
                cpusetMems, pidsMax);
    }

    /** {@code --cpus 0.5}: quota = cpus × the default 100 ms period. */
    public LimitSettings withCpus(double cpus) {
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("cpus must be positive: " + cpus);
        }
        return withCpuQuota(Math.round(cpus * DEFAULT_PERIOD_MICROS), DEFAULT_PERIOD_MICROS);
    }

    public LimitSettings withCpuShares(long shares) {
        return new LimitSettings(memoryBytes, memorySwapBytes, memoryReservation, memoryHigh, cpuQuotaMicros,
                cpuPeriodMicros, OptionalLong.of(shares), OptionalLong.empty(), cpusetCpus, cpusetMems, pidsMax);
    }

    public LimitSettings withCpuWeight(long weight) {
        return new LimitSettings(memoryBytes, memorySwapBytes, memoryReservation, memoryHigh, cpuQuotaMicros,
                cpuPeriodMicros, OptionalLong.empty(), OptionalLong.of(weight), cpusetCpus, cpusetMems, pidsMax);
    }

    public LimitSettings withCpuset(String cpus, String mems) {
        return new LimitSettings(memoryBytes, memorySwapBytes, memoryReservation, memoryHigh, cpuQuotaMicros,
                cpuPeriodMicros, cpuShares, cpuWeight, Optional.ofNullable(cpus), Optional.ofNullable(mems), pidsMax);
    }

    public LimitSettings withPidsMax(long max) {
        return new LimitSettings(memoryBytes, memorySwapBytes, memoryReservation, memoryHigh, cpuQuotaMicros,
                cpuPeriodMicros, cpuShares, cpuWeight, cpusetCpus, cpusetMems, OptionalLong.of(max));
    }
}
