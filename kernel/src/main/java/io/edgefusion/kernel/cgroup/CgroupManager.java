package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.CpuSet;

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
     * Lets the cgroup's tasks open and create only the device nodes {@code allowed} names (everything else is
     * refused with EPERM): v1 writes {@code devices.deny a} then each rule to {@code devices.allow}; v2 attaches
     * a device program. Call after {@link #create()} and before any task joins.
     */
    void restrictDevices(java.util.List<DeviceRule> allowed);

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

    default ResourceLimits limits() {
        return LimitReader.read(paths(), Optional.<CpuSet>empty());
    }
}
