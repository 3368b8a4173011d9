package io.edgefusion.kernel.cgroup;

import java.util.List;
import java.util.OptionalLong;

/**
 * What {@code runc events --stats} reports of one cgroup: {@link CgroupStats} (CPU usage and throttling, memory
 * use, pids, pressure) plus the memory limit and page cache, block I/O per device and huge page use per size.
 *
 * @param memoryLimit v1 {@code memory.limit_in_bytes} / v2 {@code memory.max} of this cgroup; empty = none
 * @param memoryCache page cache charged to it: v1 {@code memory.stat cache}, v2 {@code memory.stat file}
 * @param blockIo     per device, in the order the kernel lists them; empty without an I/O controller
 * @param hugetlb     per page size, smallest first; empty without a hugetlb controller
 */
public record EventStats(CgroupStats cgroup, OptionalLong memoryLimit, OptionalLong memoryCache,
                         List<DeviceIo> blockIo, List<Hugetlb> hugetlb) {

    public EventStats {
        blockIo = List.copyOf(blockIo);
        hugetlb = List.copyOf(hugetlb);
    }

    /**
     * I/O that reached one device. v1: {@code blkio.throttle.io_service_bytes_recursive} and
     * {@code io_serviced_recursive} (Read/Write lines); v2: {@code io.stat} rbytes, wbytes, rios, wios.
     */
    public record DeviceIo(long major, long minor, long readBytes, long writeBytes, long readOps, long writeOps) {
    }

    /**
     * Huge pages of one size.
     *
     * @param usage    v1 {@code usage_in_bytes} / v2 {@code current}
     * @param maxUsage v1 {@code max_usage_in_bytes}; v2 keeps no peak
     * @param failcnt  faults refused at the limit: v1 {@code failcnt} / v2 {@code events max}
     * @param limit    v1 {@code limit_in_bytes} / v2 {@code max}; empty = unlimited
     */
    public record Hugetlb(HugePageSize size, long usage, OptionalLong maxUsage, long failcnt, OptionalLong limit) {
    }
}
