package io.edgefusion.cli.diagnose;

import io.edgefusion.cli.Caller;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.guardian.config.Durations;
import io.edgefusion.kernel.sys.Platform;
import io.edgefusion.runtime.diagnose.throttling.Correlation;
import io.edgefusion.runtime.diagnose.throttling.ThrottlingChart;
import io.edgefusion.runtime.diagnose.throttling.ThrottlingDiagnoser;
import io.edgefusion.runtime.diagnose.throttling.ThrottlingDiagnosis;
import io.edgefusion.runtime.diagnose.throttling.ThrottlingJson;
import io.edgefusion.runtime.diagnose.throttling.ThrottlingTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code edgefusion diagnose throttling TARGET}: GC pauses set against CFS throttling, with a verdict. */
@Command(name = "throttling", mixinStandardHelpOptions = true,
        description = {"Watch a running workload's cgroup for a window — cpu.stat (periods, throttled periods and"
                + " time) and cpu.pressure every 10 ms — read its GC pauses from its log (Go GODEBUG=gctrace=1,"
                + " JVM -Xlog:gc; start it with run --gc-trace or the deployment field gcTrace: true), and set"
                + " each pause against the throttled stretches it overlaps. The verdict: 'throttling,"
                + " oversubscribed' (the runtime runs more threads than the quota fits and at least 15 %% and"
                + " 10 ms of pause time fell in throttled stretches), 'throttling at the quota' (it fits, yet"
                + " pauses are stretched: raise --cpus), or 'throttling is not the cause'.",
                "TARGET: a sandbox (id, prefix or name) or a deployed workload DEPLOYMENT/WORKLOAD; or --pid PID"
                        + " for any process (its cgroup; no log, so no pauses).",
                "Exit code: 0 no problem found, 1 throttling found, 125 bad target."},
        footer = {"", "Examples:",
                "  edgefusion run -d --name spin --cpus 0.5 builtin:busybox -- md5sum /dev/zero",
                "  edgefusion diagnose throttling spin --window 5s --chart spin.svg",
                "  edgefusion diagnose throttling shop/api --json | jq .pauses.overlapping",
                "  edgefusion diagnose throttling --pid $$ --window 1s"})
public final class ThrottlingCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", description = "Sandbox id, prefix or name, or"
            + " DEPLOYMENT/WORKLOAD.")
    String target;

    @Option(names = "--pid", paramLabel = "PID", description = "Watch this process's cgroup instead.")
    Long pid;

    @Option(names = "--window", paramLabel = "D", description = "How long to watch (default 30s): 500ms, 5s, 1m.")
    String window = "30s";

    @Option(names = "--json", description = "Print one JSON document (schema edgefusion.diagnose.throttling/v1,"
            + " docs/json/diagnose.throttling.md).")
    boolean json;

    @Option(names = "--chart", paramLabel = "FILE", description = "Also draw throttled time per interval and the"
            + " pauses on one time axis into FILE (.svg or .png).")
    Path chart;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Platform.requireLinux("edgefusion diagnose throttling");
        if ((target == null) == (pid == null)) {
            throw new IllegalArgumentException("diagnose throttling: give exactly one of TARGET or --pid PID");
        }
        Duration w;
        try {
            w = Durations.parse(window);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--window " + window + ": " + e.getMessage());
        }
        if (w.toMillis() < 100) {
            throw new IllegalArgumentException("--window " + window + ": at least 100ms (one CFS period)");
        }
        if (chart != null && !chart.toString().matches("(?i).*\\.(svg|png)$")) {
            throw new IllegalArgumentException("--chart " + chart + ": the name must end in .svg or .png");
        }
        var sandboxes = root.sandboxes();
        ThrottlingTarget t = pid != null ? ThrottlingTarget.pid(pid) : ThrottlingTarget.resolve(sandboxes, target);
        ThrottlingDiagnosis d = new ThrottlingDiagnoser(sandboxes).diagnose(t, w);
        if (chart != null) {
            // the caller's directory, not this JVM's: through a node they differ
            ThrottlingChart.write(d, Caller.cwd().resolve(chart));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonDocs.print(out, ThrottlingJson.document(d));
        } else {
            print(out, d);
        }
        out.flush();
        return d.verdict().problem() ? 1 : 0;
    }

    static void print(PrintWriter out, ThrottlingDiagnosis d) {
        Correlation c = d.correlation();
        out.println(d.verdict().label());
        out.printf(Locale.ROOT, "  watched   %s (pid %d, cgroup %s) for %.1f s, %d samples%n", d.target(), d.pid(),
                d.cgroup(), (c.windowEndNanos() - c.windowStartNanos()) / 1e9,
                c.intervals().isEmpty() ? 0 : c.intervals().size() + 1);
        out.printf(Locale.ROOT, "  quota     %s, period %.0f ms%n",
                d.quotaCpus().isPresent() ? fmt(d.quotaCpus().getAsDouble()) + " CPUs" : "none", d.periodNanos() / 1e6);
        out.printf(Locale.ROOT, "  runtime   %s%s%n", d.gc().runtime(), parallelism(d));
        out.printf(Locale.ROOT, "  cpu       %d/%d periods throttled, %.1f ms throttled%s%n", c.throttledPeriods(),
                c.periods(), c.throttledNanos() / 1e6,
                c.pressureMicros() >= 0 ? String.format(Locale.ROOT, ", cpu.pressure some %.1f ms",
                        c.pressureMicros() / 1e3) : "");
        out.printf(Locale.ROOT, "  pauses    %d/%d overlapped throttling; %.1f/%.1f ms of pause time throttled"
                        + " (%.0f %%)%n", c.overlappingPauses(), c.pauses().size(), c.pauseThrottledNanos() / 1e6,
                c.pauseNanos() / 1e6, c.throttledShare() * 100);
        out.println("  advice    " + d.advice());
    }

    private static String parallelism(ThrottlingDiagnosis d) {
        var gc = d.gc();
        if (gc.runtime().equals("none")) {
            return "";
        }
        String what = gc.runtime().equals("go") ? "GOMAXPROCS " + gc.procs().orElse(0)
                : "active processors " + (gc.procs().isPresent() ? gc.procs().getAsInt() : "?")
                + (gc.gcThreads().isPresent() ? ", GC threads " + gc.gcThreads().getAsInt() : "");
        return ", " + what + " (fits the quota: ≤ " + d.fits() + ")";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
