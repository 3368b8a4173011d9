package io.edgefusion.kernel.sys;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * A set of CPU (or memory node) numbers in the kernel's list format, e.g. {@code 0-3,6}: what
 * {@code cpuset.cpus}, {@code cpuset.effective_cpus} and {@code /sys/devices/system/cpu/online} hold.
 */
public record CpuSet(BitSet bits) {
    private static final int MAX_CPU = 1 << 16;

    public CpuSet {
        bits = (BitSet) bits.clone();
    }

    public static CpuSet empty() {
        return new CpuSet(new BitSet());
    }

    /** CPUs 0..n-1. */
    public static CpuSet firstN(int n) {
        BitSet b = new BitSet();
        b.set(0, n);
        return new CpuSet(b);
    }

    /** Parses list format; {@code source} names the file in errors. An empty string is the empty set. */
    public static CpuSet parse(String text, Path source) {
        String s = text.strip();
        BitSet b = new BitSet();
        if (s.isEmpty()) {
            return new CpuSet(b);
        }
        for (String part : s.split(",")) {
            int dash = part.indexOf('-');
            try {
                if (dash < 0) {
                    b.set(bounded(Integer.parseInt(part), text, source));
                } else {
                    int lo = bounded(Integer.parseInt(part.substring(0, dash)), text, source);
                    int hi = bounded(Integer.parseInt(part.substring(dash + 1)), text, source);
                    if (hi < lo) {
                        throw new MalformedKernelFile(source, text, "range " + part + " runs backwards");
                    }
                    b.set(lo, hi + 1);
                }
            } catch (NumberFormatException e) {
                throw new MalformedKernelFile(source, text, "not a CPU list");
            }
        }
        return new CpuSet(b);
    }

    private static int bounded(int cpu, String text, Path source) {
        if (cpu < 0 || cpu >= MAX_CPU) {
            throw new MalformedKernelFile(source, text, "CPU number " + cpu + " out of range");
        }
        return cpu;
    }

    /** From a {@code sched_getaffinity} mask (little-endian bytes). */
    public static CpuSet fromMask(byte[] mask) {
        return new CpuSet(BitSet.valueOf(mask));
    }

    public int count() {
        return bits.cardinality();
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public boolean contains(int cpu) {
        return bits.get(cpu);
    }

    public CpuSet intersect(CpuSet other) {
        BitSet b = (BitSet) bits.clone();
        b.and(other.bits);
        return new CpuSet(b);
    }

    public boolean isSubsetOf(CpuSet other) {
        BitSet b = (BitSet) bits.clone();
        b.andNot(other.bits);
        return b.isEmpty();
    }

    @Override
    public BitSet bits() {
        return (BitSet) bits.clone();
    }

    /** Canonical list format: {@code 0-3,6}; empty set is the empty string. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = bits.nextSetBit(0);
        while (i >= 0) {
            int end = bits.nextClearBit(i) - 1;
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = bits.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    /**
     * The CPUs process {@code pid} may run on: {@code Cpus_allowed_list} of {@code /proc/<pid>/status}, the
     * kernel's rendering of the same mask {@code sched_getaffinity(2)} returns for the thread-group leader.
     * Read as a file so that a short-lived CLI need not bind a native call for it.
     */
    public static CpuSet affinityOf(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        String text = KernelFiles.read(status);
        for (String line : text.split("\n")) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return parse(line.substring("Cpus_allowed_list:".length()), status);
            }
        }
        throw new MalformedKernelFile(status, text, "no Cpus_allowed_list line");
    }

    /** The calling thread's mask from {@code sched_getaffinity(2)} itself (0) or another thread's. */
    public static CpuSet schedAffinity(int tid) {
        return fromMask(Libc.schedGetAffinity(tid));
    }
}
