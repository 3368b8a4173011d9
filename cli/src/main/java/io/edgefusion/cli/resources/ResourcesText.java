package io.edgefusion.cli.resources;

import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.output.Units;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.kernel.cgroup.CgroupVersion;
import io.edgefusion.kernel.cgroup.HierarchyLimit;
import io.edgefusion.kernel.cgroup.LimitSource;
import io.edgefusion.kernel.cgroup.ResourceLimits;
import io.edgefusion.kernel.resources.EffectiveResources;
import io.edgefusion.kernel.resources.RuntimeErgonomics;
import io.edgefusion.kernel.resources.jdk.JdkComparison;
import io.edgefusion.runtime.json.ResourcesReport;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** The human form of {@code edgefusion resources}. */
public final class ResourcesText {
    private ResourcesText() {
    }

    public static void render(ResourcesReport r, PrintWriter out) {
        EffectiveResources res = r.resources();
        String subject = r.pid().isPresent() ? "pid " + r.pid().getAsLong() : "cgroup " + r.cgroup().orElseThrow();
        out.println(subject + " on a " + describe(r.layout().version()) + " host");
        out.println();

        out.println("CGROUPS");
        Table t = new Table("CONTROLLER", "VERSION", "CGROUP", "DIRECTORY");
        res.paths().dirs().forEach((c, d) -> t.row(c.label(), d.unified() ? "v2" : "v1", d.cgroupPath(), d.dir()));
        res.paths().unified().ifPresent(d -> t.row("(unified)", "v2", d.cgroupPath(), d.dir()));
        t.print(out, "  ");
        res.paths().notes().forEach(n -> out.println("  note: " + n));
        out.println();

        out.println("LIMITS (the tightest level binds; an ancestor tighter than the leaf is flagged)");
        limits(res.limits(), out);
        out.println();

        out.println("USAGE");
        usage(r.stats(), res.pidsLimit(), out);
        out.println();

        out.println("RUNTIME SETTINGS");
        runtime(res, out);
        out.println();

        jdk(r.jdk(), out);
    }

    private static String describe(CgroupVersion v) {
        return switch (v) {
            case CgroupVersion.V1 x -> "cgroup v1";
            case CgroupVersion.V2 x -> "cgroup v2 (" + x.mountPoint() + ")";
            case CgroupVersion.Hybrid h -> "hybrid cgroup (v1 controllers; cgroup2 at " + h.unifiedMount()
                    + " with controllers: " + (h.unifiedControllers().isEmpty() ? "none"
                    : String.join(" ", new java.util.TreeSet<>(h.unifiedControllers()))) + ")";
        };
    }

    private static void limits(ResourceLimits l, PrintWriter out) {
        Table t = new Table("LIMIT", "EFFECTIVE", "BINDING FILE", "LEAF VALUE", "");
        l.memoryMax().ifPresent(h -> limitRow(t, "memory max", h));
        l.memoryHierarchical().ifPresent(s -> t.row("memory (kernel, whole tree)", value(s.value(),
                HierarchyLimit.Unit.BYTES), s.file() + " hierarchical_memory_limit", "", ""));
        l.memoryHigh().ifPresent(h -> limitRow(t, "memory high", h));
        l.memoryLow().ifPresent(h -> limitRow(t, "memory low/soft", h));
        l.swapMax().ifPresent(h -> limitRow(t, "swap", h));
        l.cpuQuota().ifPresent(h -> limitRow(t, "cpu quota", h));
        l.cpuWeight().ifPresent(w -> t.row("cpu " + (w.v2() ? "weight" : "shares"), Long.toString(w.value()),
                w.file(), w.v2() ? "≈ shares " + w.shares()
                        : "→ weight " + w.weight() + " (new formula), " + w.weightByLinearFormula() + " (old)", ""));
        l.cpuset().ifPresent(c -> t.row("cpuset", "{" + c.effective() + "}"
                        + c.affinity().map(a -> " ∩ affinity {" + a + "} = {" + c.usable() + "}").orElse(""),
                c.binding().map(b -> b.file().toString()).orElse(c.effectiveFile().toString()),
                c.chain().isEmpty() ? "" : "{" + c.chain().getFirst().cpus() + "}",
                c.ancestorTighter() ? "ANCESTOR TIGHTER" : ""));
        l.pidsMax().ifPresent(h -> limitRow(t, "pids max", h));
        t.print(out, "  ");
    }

    private static void limitRow(Table t, String name, HierarchyLimit h) {
        LimitSource b = h.binding();
        t.row(name, value(b.value(), h.unit()), b.value().isPresent() ? b.file() : "(none set)",
                h.leaf().dir().equals(h.leafDir()) ? value(h.leaf().value(), h.unit()) : "(not set at leaf)",
                h.ancestorTighter() ? "ANCESTOR TIGHTER" : "");
    }

    static String value(OptionalLong v, HierarchyLimit.Unit unit) {
        if (v.isEmpty()) {
            return "unlimited";
        }
        long x = v.getAsLong();
        return switch (unit) {
            case BYTES -> Units.bytes(x);
            case MICRO_CPUS -> String.format(Locale.ROOT, "%.2f CPUs", x / 1e6);
            case COUNT -> Long.toString(x);
        };
    }

    private static void usage(CgroupStats s, OptionalLong pidsLimit, PrintWriter out) {
        Table t = new Table("", "");
        s.cpu().ifPresent(c -> t.row("cpu", (c.usageNanos().isPresent() ? "used " + Units.nanos(c.usageNanos()
                .getAsLong()) : "usage unknown")
                + (c.userNanos().isPresent() && c.systemNanos().isPresent()
                ? " (user " + Units.nanos(c.userNanos().getAsLong()) + ", system "
                + Units.nanos(c.systemNanos().getAsLong()) + ")" : "")
                + "; throttled in " + c.nrThrottled() + " of " + c.nrPeriods() + " periods, "
                + Units.nanos(c.throttledNanos())));
        s.memory().ifPresent(m -> {
            List<String> parts = new ArrayList<>();
            parts.add("current " + Units.bytes(m.current()));
            m.peak().ifPresent(p -> parts.add("peak " + Units.bytes(p)));
            m.swapCurrent().ifPresent(p -> parts.add("swap " + Units.bytes(p)));
            m.failcnt().ifPresent(f -> parts.add("limit hit " + f + "×"));
            m.maxEvents().ifPresent(f -> parts.add("max events " + f));
            m.highEvents().ifPresent(f -> parts.add("high events " + f));
            parts.add("oom " + m.oomEvents());
            parts.add("oom_kill " + m.oomKills());
            t.row("memory", String.join(", ", parts));
        });
        s.pids().ifPresent(p -> t.row("pids", p.current() + " of " + (pidsLimit.isPresent()
                ? pidsLimit.getAsLong() + " (effective limit)" : "unlimited")));
        psi(t, "cpu pressure", s.cpuPressure());
        psi(t, "memory pressure", s.memoryPressure());
        psi(t, "io pressure", s.ioPressure());
        t.print(out, "  ");
    }

    private static void psi(Table t, String name, Optional<CgroupStats.Pressure> p) {
        p.ifPresent(x -> t.row(name, "some " + line(x.some()) + x.full().map(f -> "; full " + line(f)).orElse("")));
    }

    private static String line(CgroupStats.Line l) {
        return String.format(Locale.ROOT, "%.2f%%/%.2f%%/%.2f%% (10s/60s/300s), %s stalled", l.avg10(), l.avg60(),
                l.avg300(), Units.nanos(l.totalMicros() * 1000));
    }

    private static void runtime(EffectiveResources r, PrintWriter out) {
        RuntimeErgonomics e = r.ergonomics();
        String quota = r.quotaCpus().isPresent()
                ? String.format(Locale.ROOT, "ceil(%.2f)", r.quotaCpus().getAsDouble()) : "no quota";
        Table t = new Table("", "", "");
        t.row("CPU count", e.cpuCount(), "min(|usable CPUs| = " + r.usableCpus().count() + ", " + quota + ")");
        t.row("GOMAXPROCS", e.gomaxprocs(), "Go 1.25's rule, min(usable, max(2, " + quota + ")), over the whole tree");
        t.row("GOMEMLIMIT", e.gomemlimit().isPresent() ? e.gomemlimit().getAsLong() : "(unset)",
                e.memoryBudget().isPresent() ? "90 % of " + Units.bytes(e.memoryBudget().getAsLong())
                        : "no memory limit");
        t.row("JVM flags", String.join(" ", e.jvmFlags()), e.jvmMaxHeap().isPresent()
                ? "heap = max(M/2, M − 64 MiB − M/10)" : "no memory limit: the JVM sizes its heap from host RAM");
        t.print(out, "  ");
    }

    private static void jdk(ResourcesReport.Jdk j, PrintWriter out) {
        switch (j) {
            case ResourcesReport.Jdk.Unavailable u -> out.println("JDK COMPARISON: not available: " + u.reason());
            case ResourcesReport.Jdk.Compared c -> {
                out.println("EDGEFUSION vs " + c.java() + " -XshowSettings:system (run inside the same cgroups)");
                Table t = new Table("ITEM", "EDGEFUSION", "JDK", "");
                List<String> why = new ArrayList<>();
                for (JdkComparison.Row row : c.rows()) {
                    t.row(row.item(), row.ours(), row.jdk(), row.agrees() ? "same" : "DIFFERS");
                }
                t.print(out, "  ");
                for (JdkComparison.Row row : c.rows()) {
                    if (!row.explanation().isEmpty()) {
                        why.add("  " + row.item() + ": " + row.explanation());
                    }
                }
                if (!why.isEmpty()) {
                    out.println("  why:");
                    why.forEach(w -> out.println("  " + w));
                }
            }
        }
    }
}
