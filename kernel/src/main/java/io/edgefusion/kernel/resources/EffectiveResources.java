package io.edgefusion.kernel.resources;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.HierarchyLimit;
import io.edgefusion.kernel.cgroup.LimitReader;
import io.edgefusion.kernel.cgroup.ResourceLimits;
import io.edgefusion.kernel.proc.ProcCgroup;
import io.edgefusion.kernel.sys.CpuSet;
import io.edgefusion.kernel.sys.KernelFiles;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The resources a process (or a cgroup) really has: every limit with its source, the CPUs it can run on, and
 * the values its runtime should be told.
 *
 * @param paths       where the limits were read
 * @param limits      every limit, with the binding level
 * @param usableCpus  cpuset effective ∩ affinity; the online CPUs when the host has no cpuset controller
 * @param ergonomics  CPU count, GOMAXPROCS, GOMEMLIMIT, JVM flags
 */
public record EffectiveResources(CgroupPaths paths, ResourceLimits limits, CpuSet usableCpus,
                                 RuntimeErgonomics ergonomics) {

    /** {@code /sys/devices/system/cpu/online}, relative to the filesystem root. */
    public static final String CPU_ONLINE = "sys/devices/system/cpu/online";

    /** A live process: its cgroups, its affinity. */
    public static EffectiveResources ofProcess(CgroupLayout layout, long pid) {
        CgroupPaths paths = layout.pathsOf(ProcCgroup.ofPid(pid));
        return of(layout, paths, Optional.of(CpuSet.affinityOf((int) pid)));
    }

    /** A cgroup by path; no process, so no affinity narrows the cpuset. */
    public static EffectiveResources ofCgroup(CgroupLayout layout, String cgroupPath) {
        return of(layout, layout.pathsOf(cgroupPath), Optional.empty());
    }

    public static EffectiveResources of(CgroupLayout layout, CgroupPaths paths, Optional<CpuSet> affinity) {
        ResourceLimits limits = LimitReader.read(paths, affinity);
        CpuSet usable = limits.cpuset().map(c -> c.usable())
                .orElseGet(() -> affinity.orElseGet(() -> onlineCpus(layout.fsRoot())));
        OptionalDouble quota = limits.cpuQuotaCpus();
        RuntimeErgonomics ergo = RuntimeErgonomics.compute(usable.count(), quota.orElse(Double.NaN),
                memoryBudget(limits));
        return new EffectiveResources(paths, limits, usable, ergo);
    }

    /** The tightest of the hard memory limit and {@code memory.high}. */
    static OptionalLong memoryBudget(ResourceLimits limits) {
        OptionalLong hard = limits.memoryLimit();
        OptionalLong high = limits.memoryHigh().map(HierarchyLimit::effective).orElse(OptionalLong.empty());
        if (hard.isEmpty()) {
            return high;
        }
        if (high.isEmpty()) {
            return hard;
        }
        return OptionalLong.of(Math.min(hard.getAsLong(), high.getAsLong()));
    }

    static CpuSet onlineCpus(Path fsRoot) {
        Path f = fsRoot.resolve(CPU_ONLINE);
        return KernelFiles.readIfExists(f).map(s -> CpuSet.parse(s, f))
                .orElseGet(() -> CpuSet.firstN(Runtime.getRuntime().availableProcessors()));
    }

    /** The tightest CPU quota, in CPUs. */
    public OptionalDouble quotaCpus() {
        return limits.cpuQuotaCpus();
    }

    public OptionalLong memoryLimit() {
        return limits.memoryLimit();
    }

    public OptionalLong pidsLimit() {
        return limits.pidsMax().map(HierarchyLimit::effective).orElse(OptionalLong.empty());
    }
}
