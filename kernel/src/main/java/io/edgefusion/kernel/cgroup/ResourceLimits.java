package io.edgefusion.kernel.cgroup;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every limit that applies to one cgroup, each with the files it came from. Absent parts mean the host does not
 * offer that controller to this cgroup (no v1 hierarchy for it, or not delegated on v2).
 *
 * @param memoryMax          v1 {@code memory.limit_in_bytes} / v2 {@code memory.max}
 * @param memoryHierarchical v1 only: {@code hierarchical_memory_limit} of {@code memory.stat}, the kernel's own
 *                           minimum over the whole ancestry — including ancestors above a container's mount root
 *                           that we cannot see
 * @param memoryHigh         v2 {@code memory.high}: the throttle point, where reclaim starts
 * @param memoryLow          v1 {@code memory.soft_limit_in_bytes} / v2 {@code memory.low}
 * @param swapMax            swap alone: v2 {@code memory.swap.max}; v1 {@code memsw − mem} when swap accounting is on
 * @param cpuQuota           v1 {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us} / v2 {@code cpu.max}, in micro-CPUs
 * @param cpuWeight          v1 {@code cpu.shares} / v2 {@code cpu.weight} of the leaf
 * @param cpuset             requested and effective CPUs, with the process's affinity when known
 * @param pidsMax            {@code pids.max}
 */
public record ResourceLimits(Optional<HierarchyLimit> memoryMax, Optional<LimitSource> memoryHierarchical,
                             Optional<HierarchyLimit> memoryHigh, Optional<HierarchyLimit> memoryLow,
                             Optional<HierarchyLimit> swapMax, Optional<HierarchyLimit> cpuQuota,
                             Optional<CpuWeight> cpuWeight, Optional<CpusetLimit> cpuset,
                             Optional<HierarchyLimit> pidsMax) {

    /** The memory limit the kernel enforces: the tightest of every level and of v1's hierarchical limit. */
    public OptionalLong memoryLimit() {
        OptionalLong a = memoryMax.map(HierarchyLimit::effective).orElse(OptionalLong.empty());
        OptionalLong b = memoryHierarchical.map(LimitSource::value).orElse(OptionalLong.empty());
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
    }

    /** Tightest CPU quota as a number of CPUs (e.g. 0.5), empty when none is set anywhere. */
    public java.util.OptionalDouble cpuQuotaCpus() {
        return cpuQuota.map(HierarchyLimit::effective).filter(OptionalLong::isPresent)
                .map(v -> java.util.OptionalDouble.of(v.getAsLong() / 1e6))
                .orElse(java.util.OptionalDouble.empty());
    }
}
