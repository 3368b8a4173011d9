package io.edgefusion.cli.observe;

import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.node.stats.StatsCollector;
import io.edgefusion.node.stats.StatsJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion stats}: live cgroup counters per sandbox, like docker stats. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Show running sandboxes' resource use, read straight from their cgroups (no node needed):"
                + " CPU %% (100 %% = one CPU busy), memory use against its limit (the host's memory when it has"
                + " none) and its peak, CFS throttling (throttled periods / periods and time), PSI pressure"
                + " (some, avg10, for cpu/memory/io; '-' where the host has no cgroup2 pressure files) and pids."
                + " Streams a new reading every second until interrupted; --no-stream prints one.",
                "",
                "CPU %% compares two readings: the previous one this process took (a node keeps them between"
                        + " commands), else the sandbox's start — the average over its life so far."},
        footer = {"", "Examples:", "  edgefusion stats", "  edgefusion stats --no-stream web db",
                "  edgefusion stats --no-stream --json | jq '.sandboxes[].memory.usageBytes'"})
public final class StatsCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--no-stream", description = "Print one reading and exit.")
    boolean noStream;

    @Option(names = "--json", description = "JSON, schema edgefusion.stats/v1 (docs/json/stats.md): one document;"
            + " streaming, one compact document per line.")
    boolean json;

    @Parameters(paramLabel = "SANDBOX", arity = "0..*", description = "Ids, id prefixes or names (default: every"
            + " running sandbox).")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        StatsCollector collector = new StatsCollector(root.sandboxes());
        PrintWriter out = spec.commandLine().getOut();
        while (true) {
            List<StatsCollector.Row> rows = collector.read(names);
            if (json) {
                var doc = StatsJson.document(Instant.now(), rows);
                out.println(noStream ? doc.toPrettyString() : doc.toString());
            } else {
                table(rows).print(out, "");
            }
            out.flush();
            if (noStream || out.checkError()) {
                return 0;
            }
            Thread.sleep(1000);
        }
    }

    static Table table(List<StatsCollector.Row> rows) {
        Table t = new Table("SANDBOX ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "MEM PEAK", "THROTTLED",
                "PSI CPU/MEM/IO", "PIDS");
        for (StatsCollector.Row r : rows) {
            var s = r.sample();
            Optional<CgroupStats> st = s.stats();
            Optional<CgroupStats.Memory> m = st.flatMap(CgroupStats::memory);
            Optional<CgroupStats.Cpu> c = st.flatMap(CgroupStats::cpu);
            Optional<CgroupStats.Pids> p = st.flatMap(CgroupStats::pids);
            String mem = m.map(x -> bytes(x.current()) + " / " + (s.memoryLimit().isPresent()
                    ? bytes(s.memoryLimit().getAsLong()) : "-")).orElse("-");
            String memPct = m.isPresent() && s.memoryLimit().isPresent() && s.memoryLimit().getAsLong() > 0
                    ? pct(100.0 * m.get().current() / s.memoryLimit().getAsLong()) : "-";
            String peak = m.map(x -> x.peak().isPresent() ? bytes(x.peak().getAsLong()) : "-").orElse("-");
            String throttled = c.map(x -> x.nrThrottled() + "/" + x.nrPeriods() + " "
                    + String.format(Locale.ROOT, "%.2fs", x.throttledNanos() / 1e9)).orElse("-");
            String psi = st.map(x -> avg10(x.cpuPressure()) + "/" + avg10(x.memoryPressure()) + "/"
                    + avg10(x.ioPressure())).filter(x -> !x.equals("-/-/-")).orElse("-");
            String pids = p.map(x -> x.current() + (x.max().isPresent() ? "/" + x.max().getAsLong() : "")).orElse("-");
            t.row(s.shortId(), s.name() == null ? "-" : s.name(),
                    r.cpu().percent().isPresent() ? pct(r.cpu().percent().getAsDouble()) : "-", mem, memPct, peak,
                    throttled, psi, pids);
        }
        return t;
    }

    private static String avg10(Optional<CgroupStats.Pressure> p) {
        return p.map(x -> String.format(Locale.ROOT, "%.2f", x.some().avg10())).orElse("-");
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v);
    }

    /** docker's short sizes: {@code 1.5MiB}, {@code 64MiB}, {@code 7.66GiB}. */
    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        String n = String.format(Locale.ROOT, "%.4g", v);
        if (n.contains(".")) {
            n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return n + units[i];
    }
}
