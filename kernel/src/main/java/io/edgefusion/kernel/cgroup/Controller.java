package io.edgefusion.kernel.cgroup;

import java.util.Optional;

/**
 * The resource controllers EdgeFusion reads and writes, with their names on each cgroup version. On v2, CPU
 * accounting is part of {@code cpu} ({@code cpu.stat usage_usec}) and freezing is a core file
 * ({@code cgroup.freeze}) of every non-root cgroup, so those two have no v2 controller name.
 */
public enum Controller {
    CPU("cpu", "cpu"),
    CPUACCT("cpuacct", null),
    CPUSET("cpuset", "cpuset"),
    MEMORY("memory", "memory"),
    PIDS("pids", "pids"),
    FREEZER("freezer", null),
    IO("blkio", "io"),
    HUGETLB("hugetlb", "hugetlb");

    private final String v1Name;
    private final String v2Name;

    Controller(String v1Name, String v2Name) {
        this.v1Name = v1Name;
        this.v2Name = v2Name;
    }

    public String v1Name() {
        return v1Name;
    }

    /** The name in {@code cgroup.controllers}, or empty when v2 serves it from core files or another controller. */
    public Optional<String> v2Name() {
        return Optional.ofNullable(v2Name);
    }

    /** Lower-case display name: the v1 name, which users of either version recognise. */
    public String label() {
        return v1Name;
    }
}
