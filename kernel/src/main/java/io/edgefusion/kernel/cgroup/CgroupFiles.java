package io.edgefusion.kernel.cgroup;

/**
 * Kernel file names of cgroupfs (Documentation/admin-guide/cgroup-v1/*.rst and cgroup-v2.rst), one constant
 * each, so a grep for a file name lands here and every reader and writer agrees on the spelling.
 */
public final class CgroupFiles {
    private CgroupFiles() {
    }

    // Core files, both versions.
    public static final String PROCS = "cgroup.procs";
    public static final String TASKS = "tasks";

    // Core files, v2 only.
    public static final String CONTROLLERS = "cgroup.controllers";
    public static final String SUBTREE_CONTROL = "cgroup.subtree_control";
    public static final String EVENTS = "cgroup.events";
    public static final String FREEZE = "cgroup.freeze";
    public static final String KILL = "cgroup.kill";

    // Memory, v1.
    public static final String V1_MEMORY_LIMIT = "memory.limit_in_bytes";
    public static final String V1_MEMORY_SOFT_LIMIT = "memory.soft_limit_in_bytes";
    public static final String V1_MEMSW_LIMIT = "memory.memsw.limit_in_bytes";
    public static final String V1_MEMORY_USAGE = "memory.usage_in_bytes";
    public static final String V1_MEMORY_MAX_USAGE = "memory.max_usage_in_bytes";
    public static final String V1_MEMSW_USAGE = "memory.memsw.usage_in_bytes";
    public static final String V1_MEMORY_FAILCNT = "memory.failcnt";
    public static final String V1_MEMORY_OOM_CONTROL = "memory.oom_control";
    public static final String V1_MEMORY_STAT = "memory.stat";
    /** Key in {@code memory.stat}: the tightest limit over the whole ancestry, computed by the kernel. */
    public static final String V1_HIERARCHICAL_MEMORY_LIMIT = "hierarchical_memory_limit";

    // Memory, v2.
    public static final String V2_MEMORY_MAX = "memory.max";
    public static final String V2_MEMORY_HIGH = "memory.high";
    public static final String V2_MEMORY_LOW = "memory.low";
    public static final String V2_MEMORY_SWAP_MAX = "memory.swap.max";
    public static final String V2_MEMORY_CURRENT = "memory.current";
    public static final String V2_MEMORY_PEAK = "memory.peak";
    public static final String V2_MEMORY_SWAP_CURRENT = "memory.swap.current";
    public static final String V2_MEMORY_EVENTS = "memory.events";

    // CPU, v1.
    public static final String V1_CFS_QUOTA = "cpu.cfs_quota_us";
    public static final String V1_CFS_PERIOD = "cpu.cfs_period_us";
    public static final String V1_CPU_SHARES = "cpu.shares";
    public static final String V1_CPUACCT_USAGE = "cpuacct.usage";
    public static final String V1_CPUACCT_USAGE_USER = "cpuacct.usage_user";
    public static final String V1_CPUACCT_USAGE_SYS = "cpuacct.usage_sys";
    public static final String V1_CPUACCT_USAGE_ALL = "cpuacct.usage_all";

    // CPU, v2.
    public static final String V2_CPU_MAX = "cpu.max";
    public static final String V2_CPU_WEIGHT = "cpu.weight";

    // Both: flat-keyed throttling counters (v1 in the cpu hierarchy; v2 also carries usage_usec).
    public static final String CPU_STAT = "cpu.stat";

    // cpuset, both (v1 files are only cpus/mems/effective_*; v2 has the same names).
    public static final String CPUSET_CPUS = "cpuset.cpus";
    public static final String CPUSET_MEMS = "cpuset.mems";
    public static final String CPUSET_EFFECTIVE_CPUS = "cpuset.effective_cpus";
    public static final String CPUSET_EFFECTIVE_MEMS = "cpuset.effective_mems";
    public static final String V2_CPUSET_CPUS_EFFECTIVE = "cpuset.cpus.effective";
    public static final String V2_CPUSET_MEMS_EFFECTIVE = "cpuset.mems.effective";

    // pids, both.
    public static final String PIDS_MAX = "pids.max";
    public static final String PIDS_CURRENT = "pids.current";

    // Devices, v1 (v2 has no files: a BPF_PROG_TYPE_CGROUP_DEVICE program attached to the cgroup decides).
    public static final String V1_DEVICES_ALLOW = "devices.allow";
    public static final String V1_DEVICES_DENY = "devices.deny";
    public static final String V1_DEVICES_LIST = "devices.list";

    // Freezer, v1.
    public static final String V1_FREEZER_STATE = "freezer.state";

    // Pressure stall information, v2 (and the v2 side of a hybrid host).
    public static final String CPU_PRESSURE = "cpu.pressure";
    public static final String MEMORY_PRESSURE = "memory.pressure";
    public static final String IO_PRESSURE = "io.pressure";
}
