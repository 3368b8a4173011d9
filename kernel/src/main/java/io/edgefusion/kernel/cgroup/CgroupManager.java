package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.CpuSet;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One cgroup, created, limited, populated, frozen, killed and removed through the host's cgroup version.
 * Modelled on youki's {@code CgroupManager} (add task, apply, remove, freeze, stats, pids), with kill-all added
 * because a sandbox must be emptied before its cgroup can go.
 */
public sealed interface CgroupManager permits V1CgroupManager, V2CgroupManager, HybridCgroupManager {

    /** The manager for cgroup {@code path} (e.g. {@code /edgefusion/web-1}) on this host layout. */
    static CgroupManager of(CgroupLayout layout, String path) {
        return switch (layout.version()) {
            case CgroupVersion.V1 v -> new V1CgroupManager(layout, path);
            case CgroupVersion.V2 v -> new V2CgroupManager(layout, path);
            case CgroupVersion.Hybrid h -> new HybridCgroupManager(layout, path);
        };
    }

    /** The cgroup path, as {@code /proc/<pid>/cgroup} will show it for a member. */
    String path();

    /** Directories per controller. */
    CgroupPaths paths();

    /** Creates the cgroup (and missing parents) in every hierarchy it needs; idempotent. */
    void create();

    /** Writes limits; fails with the file and errno that the kernel rejected. */
    void apply(LimitSettings settings);

    /**
     * What {@link #update} writes for everything in {@code settings} beyond its {@link LimitSettings}, in order, and
     * the warnings. Throws the refusals — {@link io.edgefusion.kernel.sys.UnsupportedHost} naming the setting and
     * the file or directory the host lacks, {@link IllegalArgumentException} for a value no host takes — and
     * writes nothing.
     */
    ResourcePlan plan(ResourceSettings settings);

    /**
     * Writes {@code settings} into this cgroup, new or with running tasks (runc's {@code update}): the refusals
     * are decided first ({@link #plan}), then the plan runs: a few writes that must precede the limits, the limits
     * ({@link #apply}), the rest. A
     * value the kernel rejects fails with {@link io.edgefusion.kernel.sys.ErrnoException} naming the file, the
     * value and the errno: e.g. a v1 memory limit below what the tasks use and cannot give back is EBUSY (v2
     * accepts it, reclaims and OOM-kills instead).
     *
     * @return settings accepted but deliberately not written (deprecated ones), one printable line each
     */
    default List<CgroupWarning> update(ResourceSettings settings) {
        ResourcePlan plan = plan(settings);
        plan.execute(this);
        return plan.warnings();
    }

    /**
     * Lets the cgroup's tasks open and create only the device nodes {@code allowed} names (everything else is
     * refused with EPERM): v1 writes {@code devices.deny a} then each rule to {@code devices.allow}; v2 attaches
     * a device program. Call after {@link #create()} and before any task joins.
     */
    void restrictDevices(List<DeviceRule> allowed);

    /** Moves a process (all its threads) into the cgroup. */
    void addTask(long pid);

    /** Processes in the cgroup and its descendants. */
    Set<Long> pids();

    /** Stops every task in the cgroup; returns once the kernel reports the group frozen. */
    void freeze();

    void thaw();

    FreezerState freezerState();

    /** SIGKILLs every task, including ones forked during the kill, and waits until the cgroup is empty. */
    void killAll();

    /** Removes the cgroup and its descendants from every hierarchy; absent is fine, populated is an error. */
    void remove();

    default CgroupStats stats() {
        return StatsReader.read(paths());
    }

    /** {@link #stats()} plus what {@code runc events --stats} shows: memory limit and cache, I/O, huge pages. */
    default EventStats eventStats() {
        return EventStatsReader.read(paths());
    }

    default ResourceLimits limits() {
        return LimitReader.read(paths(), Optional.<CpuSet>empty());
    }
}
