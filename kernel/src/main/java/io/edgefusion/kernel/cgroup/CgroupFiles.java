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
    public static final String V1_MEMORY_SWAPPINESS = "memory.swappiness";
    /** Kernel memory limits: deprecated by the kernel (5.4), never written; named in the warning. */
    public static final String V1_MEMORY_KMEM_LIMIT = "memory.kmem.limit_in_bytes";
    public static final String V1_MEMORY_KMEM_TCP_LIMIT = "memory.kmem.tcp.limit_in_bytes";
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
    public static final String V2_MEMORY_STAT = "memory.stat";

    // CPU, v1.
    public static final String V1_CFS_QUOTA = "cpu.cfs_quota_us";
    public static final String V1_CFS_PERIOD = "cpu.cfs_period_us";
    public static final String V1_CPU_SHARES = "cpu.shares";
    public static final String V1_CPUACCT_USAGE = "cpuacct.usage";
    public static final String V1_CPUACCT_USAGE_USER = "cpuacct.usage_user";
    public static final String V1_CPUACCT_USAGE_SYS = "cpuacct.usage_sys";
    public static final String V1_CPUACCT_USAGE_ALL = "cpuacct.usage_all";
    /** Real-time bandwidth: only with CONFIG_RT_GROUP_SCHED, and only on v1. */
    public static final String V1_CPU_RT_RUNTIME = "cpu.rt_runtime_us";
    public static final String V1_CPU_RT_PERIOD = "cpu.rt_period_us";
    /** CFS burst (Linux 5.14). */
    public static final String V1_CFS_BURST = "cpu.cfs_burst_us";

    // CPU, v2.
    public static final String V2_CPU_MAX = "cpu.max";
    public static final String V2_CPU_WEIGHT = "cpu.weight";
    public static final String V2_CPU_MAX_BURST = "cpu.max.burst";

    // CPU, both: SCHED_IDLE for the whole group (Linux 5.15; v1 has it too).
    public static final String CPU_IDLE = "cpu.idle";

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

    // Block I/O, v1 (blkio). CFQ's files (weight, leaf_weight) are gone since Linux 5.0; BFQ's carry the prefix.
    public static final String V1_BLKIO_WEIGHT = "blkio.weight";
    public static final String V1_BLKIO_WEIGHT_DEVICE = "blkio.weight_device";
    public static final String V1_BLKIO_LEAF_WEIGHT = "blkio.leaf_weight";
    public static final String V1_BLKIO_LEAF_WEIGHT_DEVICE = "blkio.leaf_weight_device";
    public static final String V1_BLKIO_BFQ_WEIGHT = "blkio.bfq.weight";
    public static final String V1_BLKIO_BFQ_WEIGHT_DEVICE = "blkio.bfq.weight_device";
    public static final String V1_BLKIO_THROTTLE_READ_BPS = "blkio.throttle.read_bps_device";
    public static final String V1_BLKIO_THROTTLE_WRITE_BPS = "blkio.throttle.write_bps_device";
    public static final String V1_BLKIO_THROTTLE_READ_IOPS = "blkio.throttle.read_iops_device";
    public static final String V1_BLKIO_THROTTLE_WRITE_IOPS = "blkio.throttle.write_iops_device";
    /** Per-device {@code MAJ:MIN Read|Write|Sync|Async|Discard|Total N} lines; counted for every device. */
    public static final String V1_BLKIO_SERVICE_BYTES = "blkio.throttle.io_service_bytes_recursive";
    public static final String V1_BLKIO_SERVICED = "blkio.throttle.io_serviced_recursive";
    /** The same counters without descendants, for kernels older than the recursive files (4.15). */
    public static final String V1_BLKIO_SERVICE_BYTES_LOCAL = "blkio.throttle.io_service_bytes";
    public static final String V1_BLKIO_SERVICED_LOCAL = "blkio.throttle.io_serviced";

    // Block I/O, v2 (io).
    public static final String V2_IO_WEIGHT = "io.weight";
    public static final String V2_IO_BFQ_WEIGHT = "io.bfq.weight";
    public static final String V2_IO_MAX = "io.max";
    public static final String V2_IO_STAT = "io.stat";

    // Huge pages: hugetlb.<size>.<file>, size as the kernel names it (2MB, 1GB); see hugetlb(…).
    public static final String HUGETLB_PREFIX = "hugetlb.";
    public static final String V1_HUGETLB_LIMIT = "limit_in_bytes";
    public static final String V1_HUGETLB_RSVD_LIMIT = "rsvd.limit_in_bytes";
    public static final String V1_HUGETLB_USAGE = "usage_in_bytes";
    public static final String V1_HUGETLB_MAX_USAGE = "max_usage_in_bytes";
    public static final String V1_HUGETLB_FAILCNT = "failcnt";
    public static final String V2_HUGETLB_MAX = "max";
    public static final String V2_HUGETLB_RSVD_MAX = "rsvd.max";
    public static final String V2_HUGETLB_CURRENT = "current";
    public static final String V2_HUGETLB_EVENTS = "events";

    /** {@code hugetlb.2MB.limit_in_bytes} from {@code "2MB"} and {@link #V1_HUGETLB_LIMIT}. */
    public static String hugetlb(String pageSize, String file) {
        return HUGETLB_PREFIX + pageSize + "." + file;
    }

    // Freezer, v1.
    public static final String V1_FREEZER_STATE = "freezer.state";

    // Pressure stall information, v2 (and the v2 side of a hybrid host).
    public static final String CPU_PRESSURE = "cpu.pressure";
    public static final String MEMORY_PRESSURE = "memory.pressure";
    public static final String IO_PRESSURE = "io.pressure";
}
