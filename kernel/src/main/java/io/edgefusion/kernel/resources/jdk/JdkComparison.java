package io.edgefusion.kernel.resources.jdk;

import io.edgefusion.kernel.cgroup.CgroupVersion;
import io.edgefusion.kernel.cgroup.CpuWeight;
import io.edgefusion.kernel.cgroup.HierarchyLimit;
import io.edgefusion.kernel.cgroup.LimitSource;
import io.edgefusion.kernel.resources.EffectiveResources;
import io.edgefusion.kernel.sys.CpuSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.edgefusion.kernel.resources.jdk.JdkSettings.*;

/**
 * Our reading of a process's limits beside the JDK's, item by item, each difference explained by which file
 * binds and which file the JDK read.
 */
public final class JdkComparison {
    private static final String NOT_REPORTED = "(not reported)";

    /** One compared item. {@code explanation} is empty only when both agree for the same reason. */
    public record Row(String item, String ours, String jdk, boolean agrees, String explanation) {
    }

    private JdkComparison() {
    }

    /**
     * @param probeAffinity the CPUs the probe JVM could run on (it inherits EdgeFusion's affinity, not the
     *                      target's)
     */
    public static List<Row> compare(EffectiveResources r, JdkSettings jdk, CpuSet probeAffinity) {
        List<Row> rows = new ArrayList<>();
        rows.add(provider(r, jdk));
        if (!jdk.containerized()) {
            boolean limited = r.memoryLimit().isPresent() || r.quotaCpus().isPresent();
            rows.add(new Row("CPU and memory limits", limited ? "limited" : "none", "System not containerized",
                    !limited, "the JDK calls a process containerized only when it finds a CPU or memory limit (or"
                    + " read-only cgroup mounts); otherwise it prints no container metrics"
                    + (limited ? ", yet EdgeFusion found one above: the JDK did not read the file that binds" : "")));
            return rows;
        }
        rows.add(cpuCount(r, jdk, probeAffinity));
        rows.add(cpuQuota(r, jdk));
        r.limits().cpuWeight().ifPresent(w -> rows.add(cpuShares(w, jdk)));
        r.limits().cpuset().ifPresent(c -> rows.add(cpus(c.effective(), jdk)));
        rows.add(memory(r, jdk));
        r.limits().memoryLow().ifPresent(low -> rows.add(limitRow("Memory Soft Limit", low, jdk, MEMORY_SOFT_LIMIT)));
        rows.add(memorySwap(r, jdk));
        r.limits().pidsMax().ifPresent(p -> rows.add(pids(p, jdk)));
        memoryHigh(r).ifPresent(rows::add);
        return rows;
    }

    private static String jdk(JdkSettings jdk, String key) {
        return jdk.get(key).orElse(NOT_REPORTED);
    }

    private static Row provider(EffectiveResources r, JdkSettings jdk) {
        String ours = r.paths().version() instanceof CgroupVersion.Hybrid ? "hybrid"
                : "cgroup" + r.paths().version().label();
        String theirs = jdk(jdk, PROVIDER);
        boolean hybrid = r.paths().version() instanceof CgroupVersion.Hybrid;
        boolean agrees = theirs.equals(ours) || hybrid && theirs.equals("cgroupv1");
        String why = hybrid ? "hybrid host: the JDK reads the v1 controllers and ignores the cgroup2 mount"
                + " (whose PSI and cgroup.kill EdgeFusion also uses)" : agrees ? "" : "different cgroup provider";
        return new Row("Provider", ours, theirs, agrees, why);
    }

    private static Row cpuCount(EffectiveResources r, JdkSettings jdk, CpuSet probeAffinity) {
        int ours = r.ergonomics().cpuCount();
        OptionalLong theirs = jdk.number(CPU_COUNT);
        boolean agrees = theirs.isPresent() && theirs.getAsLong() == ours;
        String rule = "both use min(|cpuset ∩ affinity|, ceil(quota / period))";
        String why;
        if (agrees) {
            why = r.limits().cpuQuota().filter(HierarchyLimit::ancestorTighter)
                    .map(q -> rule + "; the quota binds at ancestor " + q.binding().dir()
                            + ", which HotSpot's count honours too")
                    .orElse("");
        } else {
            CpuSet cpuset = r.limits().cpuset().map(c -> c.effective()).orElse(r.usableCpus());
            CpuSet probeUsable = cpuset.intersect(probeAffinity);
            Optional<CpuSet> target = r.limits().cpuset().flatMap(c -> c.affinity());
            if (target.isPresent() && !target.get().equals(probeAffinity)) {
                why = "the probe JVM runs with EdgeFusion's CPU affinity {" + probeAffinity + "} ("
                        + probeUsable.count() + " usable), the process's affinity is {" + target.get() + "}";
            } else {
                why = rule + ", but read different limits: EdgeFusion's quota is " + quotaText(r)
                        + ", usable CPUs {" + r.usableCpus() + "}";
            }
        }
        return new Row("Effective CPU Count", Integer.toString(ours), jdk(jdk, CPU_COUNT), agrees, why);
    }

    private static String quotaText(EffectiveResources r) {
        return r.limits().cpuQuota().filter(q -> q.binding().value().isPresent()).map(q -> {
            long[] qp = quotaPeriod(q.binding());
            return qp[0] + "us / " + qp[1] + "us at " + q.binding().dir();
        }).orElse("unlimited");
    }

    private static Row cpuQuota(EffectiveResources r, JdkSettings jdk) {
        Optional<HierarchyLimit> q = r.limits().cpuQuota();
        String ours = quotaText(r);
        String theirs = jdk(jdk, CPU_QUOTA) + " / " + jdk(jdk, CPU_PERIOD);
        OptionalLong jq = jdk.number(CPU_QUOTA);
        OptionalLong jp = jdk.number(CPU_PERIOD);
        long[] bind = q.map(h -> quotaPeriod(h.binding())).orElse(new long[] {-1, -1});
        boolean agrees = bind[0] < 0 ? jq.isEmpty() || jq.getAsLong() < 0
                : jq.isPresent() && jq.getAsLong() == bind[0] && jp.isPresent() && jp.getAsLong() == bind[1];
        String why = "";
        if (!agrees && q.isPresent() && q.get().ancestorTighter()) {
            why = "Java's container metrics report the leaf's quota (" + q.get().leaf().raw().replace(' ', '/') + " in "
                    + q.get().leaf().file() + ") only; the binding quota is on ancestor " + q.get().binding().dir();
        } else if (!agrees) {
            why = "the JDK read a different quota file than " + q.map(h -> h.binding().file().toString()).orElse("-");
        }
        return new Row("CPU Quota / Period", ours, theirs, agrees, why);
    }

    /** {@code "<quota|-1|max> <period>"} as LimitReader records it for both versions. */
    private static long[] quotaPeriod(LimitSource s) {
        String[] f = s.raw().split("\\s+");
        long quota = f[0].equals("max") || f[0].equals("-1") ? -1 : Long.parseLong(f[0]);
        return new long[] {quota, f.length > 1 ? Long.parseLong(f[1]) : -1};
    }

    private static Row cpuShares(CpuWeight w, JdkSettings jdk) {
        String ours = w.v2() ? "weight " + w.value() + " (≈ shares " + w.shares() + ")"
                : "shares " + w.value() + " (weight " + w.weight() + " by the new formula, " + w.weightByLinearFormula()
                + " by the old)";
        OptionalLong theirs = jdk.number(CPU_SHARES);
        boolean isDefault = w.v2() ? w.value() == CpuWeight.WEIGHT_DEFAULT : w.value() == CpuWeight.SHARES_DEFAULT;
        boolean agrees = theirs.isPresent() && (theirs.getAsLong() == w.shares()
                || theirs.getAsLong() < 0 && isDefault);
        String why = "shares never change the JDK's CPU count since JDK 19 (JDK-8281181); it shows -1 for the"
                + " default";
        if (jdk(jdk, CPU_SHARES).endsWith("us")) {
            why += "; the 'us' after the value is the launcher's formatting, shares have no unit";
        }
        if (!agrees && w.v2()) {
            why += "; on v2 the JDK maps cpu.weight back to shares with the old linear formula";
        }
        return new Row("CPU Shares", ours, jdk(jdk, CPU_SHARES), agrees, why);
    }

    private static Row cpus(CpuSet effective, JdkSettings jdk) {
        String theirs = jdk(jdk, EFFECTIVE_CPUS);
        CpuSet parsed = CpuSet.empty();
        if (!theirs.equals(NOT_REPORTED) && !theirs.isBlank()) {
            parsed = CpuSet.parse(String.join(",", theirs.strip().split("\\s+")), null);
        }
        boolean agrees = parsed.equals(effective);
        return new Row("Effective Processors", effective.toString(), parsed.toString(), agrees,
                agrees ? "" : "the JDK read a different cpuset.effective_cpus");
    }

    private static Row memory(EffectiveResources r, JdkSettings jdk) {
        OptionalLong ours = r.memoryLimit();
        String theirs = jdk(jdk, MEMORY_LIMIT);
        boolean agrees = formatLimit(ours).equals(theirs);
        Optional<HierarchyLimit> max = r.limits().memoryMax();
        String why = "";
        if (max.isPresent() && max.get().ancestorTighter()) {
            String at = " the binding limit is on ancestor " + max.get().binding().dir();
            if (agrees) {
                why = "agrees:" + at + ", and the JDK found it too";
            } else if (theirs.equals(formatLimit(max.get().leaf().value()))) {
                why = "the JDK used the leaf's own limit (" + max.get().leaf().file() + "); it looks further up"
                        + " (v1: hierarchical_memory_limit) only when the leaf is unlimited;" + at
                        + ", so a heap the JDK sizes itself can exceed what the kernel allows";
            } else {
                why = "the JDK used " + theirs + ";" + at;
            }
        } else if (!agrees && r.limits().memoryHierarchical().isPresent()
                && r.limits().memoryHierarchical().get().tighterThan(max.map(HierarchyLimit::binding).orElseThrow())) {
            why = "hierarchical_memory_limit in memory.stat is tighter: an ancestor above the visible mount binds";
        } else if (!agrees) {
            why = "the JDK read a different memory limit file";
        }
        return new Row("Memory Limit", formatLimit(ours), theirs, agrees, why);
    }

    private static Row limitRow(String item, HierarchyLimit h, JdkSettings jdk, String key) {
        String ours = formatLimit(h.leaf().value());
        String theirs = jdk(jdk, key);
        boolean agrees = ours.equals(theirs) || theirs.equals("0.00K") && h.leaf().value().orElse(0) == 0;
        return new Row(item, ours, theirs, agrees, agrees ? "" : "the JDK read " + theirs + " from another file than "
                + h.leaf().file());
    }

    private static Row memorySwap(EffectiveResources r, JdkSettings jdk) {
        OptionalLong mem = r.memoryLimit();
        OptionalLong swap = r.limits().swapMax().map(HierarchyLimit::effective).orElse(OptionalLong.empty());
        OptionalLong total = mem.isPresent() && swap.isPresent()
                ? OptionalLong.of(mem.getAsLong() + swap.getAsLong()) : OptionalLong.empty();
        String ours = formatLimit(total);
        String theirs = jdk(jdk, MEMORY_SWAP_LIMIT);
        boolean agrees = ours.equals(theirs);
        String why = agrees ? "" : r.limits().swapMax().isEmpty()
                ? "swap accounting is off here, so there is no memory+swap file to agree on"
                : "memory+swap = memory limit + swap limit; the JDK read " + theirs;
        return new Row("Memory & Swap Limit", ours, theirs, agrees, why);
    }

    private static Row pids(HierarchyLimit p, JdkSettings jdk) {
        OptionalLong ours = p.effective();
        String o = ours.isPresent() ? Long.toString(ours.getAsLong()) : UNLIMITED;
        String theirs = jdk(jdk, PIDS_LIMIT);
        boolean agrees = o.equals(theirs);
        String why = "";
        if (!agrees && p.ancestorTighter()) {
            why = "the JDK reads pids.max of the leaf only (" + p.leaf().raw() + "); ancestor "
                    + p.binding().file() + " binds with " + p.binding().raw();
        } else if (!agrees) {
            why = "the JDK read a different pids.max";
        }
        return new Row("Maximum Processes Limit", o, theirs, agrees, why);
    }

    /** Only when memory.high is tighter than the hard limit: the JDK has no notion of it. */
    private static Optional<Row> memoryHigh(EffectiveResources r) {
        OptionalLong high = r.limits().memoryHigh().map(HierarchyLimit::effective).orElse(OptionalLong.empty());
        OptionalLong hard = r.memoryLimit();
        if (high.isEmpty() || hard.isPresent() && hard.getAsLong() <= high.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(new Row("Memory budget (memory.high)", formatLimit(high), NOT_REPORTED, false,
                "memory.high is where the kernel starts throttling and reclaiming; the JDK sizes its heap from"
                        + " memory.max only, so a heap sized by the JDK can run into the throttle"));
    }
}
