package io.edgefusion.oci.e2e;

/**
 * Shell snippets that read a limit from inside a container, on v1 (a directory per controller) or v2 (one
 * directory) alike, so the same test holds on this hybrid host and on a pure cgroup v2 one.
 */
public final class CgroupFiles {
    /** Prints the memory limit in bytes. */
    public static final String MEMORY_LIMIT =
            "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max";
    /** Prints "quota period" in microseconds. */
    public static final String CPU_QUOTA_PERIOD = "if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then "
            + "echo $(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us); "
            + "else cat /sys/fs/cgroup/cpu.max; fi";

    /** Prints the pids limit. */
    public static final String PIDS_MAX = "cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max";

    private CgroupFiles() {
    }
}
