package io.edgefusion.kernel.resources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What each runtime should be told, derived from the effective limits. The rules, and why:
 * <ul>
 *   <li><b>CPU count</b> = {@code min(|cpuset ∩ affinity|, ceil(quota / period))}, at least 1, with the
 *       <em>tightest</em> quota anywhere up the tree. Ceiling, as the JDK does, because a workload at 1.5 CPUs
 *       with floor (automaxprocs) runs one thread and can never use the half CPU it pays for, while throttling
 *       from one extra thread is bounded by the quota anyway.</li>
 *   <li><b>GOMAXPROCS</b> = Go 1.25's own rule, {@code min(|cpuset ∩ affinity|, max(2, ceil(quota/period)))},
 *       but over the whole ancestry instead of the leaf only. The floor of 2 keeps a GC worker from stalling the
 *       only P; it yields to a cpuset of one CPU.</li>
 *   <li><b>GOMEMLIMIT</b> = 90 % of the tightest of {@code memory.max} (or v1 limit) and {@code memory.high}
 *       over the ancestry. {@code memory.high} counts because above it the kernel throttles and reclaims, which
 *       is the stall GOMEMLIMIT exists to avoid; 10 % headroom covers non-heap runtime memory (automemlimit's
 *       default).</li>
 *   <li><b>JVM heap</b>: {@code -Xmx = max(M / 2, M − (64 MiB + M / 10))} for the same memory budget M, rounded
 *       down to MiB. 64 MiB covers metaspace, code cache and thread stacks of a small service; 10 % covers GC
 *       remembered sets, direct buffers and malloc arenas that grow with the heap. The M / 2 floor keeps small
 *       limits usable (128 MiB → 64 MiB heap). The JDK's own default, 25 % ({@code MaxRAMPercentage}), wastes
 *       three quarters of a container.</li>
 * </ul>
 *
 * @param cpuCount   CPUs a runtime should assume ({@code -XX:ActiveProcessorCount})
 * @param gomaxprocs value for {@code GOMAXPROCS}
 * @param memoryBudget the tightest memory limit the rules start from; empty when unlimited
 * @param gomemlimit bytes for {@code GOMEMLIMIT}; empty when unlimited
 * @param jvmMaxHeap bytes for {@code -Xmx}; empty when unlimited (let the JVM size from host RAM)
 */
public record RuntimeErgonomics(int cpuCount, int gomaxprocs, OptionalLong memoryBudget, OptionalLong gomemlimit,
                                OptionalLong jvmMaxHeap) {
    static final long MIB = 1L << 20;
    static final long JVM_NON_HEAP_BASE = 64 * MIB;

    /**
     * @param usableCpus  |cpuset ∩ affinity|
     * @param quotaCpus   tightest quota in CPUs, or NaN when none
     * @param memoryBudget tightest of the hard limit and memory.high
     */
    public static RuntimeErgonomics compute(int usableCpus, double quotaCpus, OptionalLong memoryBudget) {
        int usable = Math.max(1, usableCpus);
        int cpus = usable;
        int gomaxprocs = usable;
        if (!Double.isNaN(quotaCpus)) {
            int ceil = (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(quotaCpus - 1e-9)));
            cpus = Math.min(usable, ceil);
            gomaxprocs = Math.min(usable, Math.max(2, ceil));
        }
        OptionalLong gomem = OptionalLong.empty();
        OptionalLong heap = OptionalLong.empty();
        if (memoryBudget.isPresent()) {
            long m = memoryBudget.getAsLong();
            gomem = OptionalLong.of(m / 10 * 9 + (m % 10) * 9 / 10);
            long h = Math.max(m / 2, m - (JVM_NON_HEAP_BASE + m / 10));
            heap = OptionalLong.of(Math.max(MIB, h / MIB * MIB));
        }
        return new RuntimeErgonomics(cpus, gomaxprocs, memoryBudget, gomem, heap);
    }

    /** JVM options: {@code -XX:ActiveProcessorCount=N} and, under a memory limit, {@code -Xmx<N>m}. */
    public List<String> jvmFlags() {
        List<String> out = new ArrayList<>();
        out.add("-XX:ActiveProcessorCount=" + cpuCount);
        jvmMaxHeap.ifPresent(h -> out.add("-Xmx" + h / MIB + "m"));
        return out;
    }

    /** The environment a sandbox gets: GOMAXPROCS, GOMEMLIMIT (bytes) and JAVA_TOOL_OPTIONS. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GOMAXPROCS", Integer.toString(gomaxprocs));
        gomemlimit.ifPresent(b -> env.put("GOMEMLIMIT", Long.toString(b)));
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", jvmFlags()));
        return env;
    }
}
