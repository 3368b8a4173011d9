package io.edgefusion.node.metrics;

import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.stats.SandboxSample;
import io.edgefusion.node.stats.StatsCollector;
import io.edgefusion.sandbox.Sandboxes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@code GET /metrics}: every running sandbox's cgroup counters and every deployment workload's restarts and
 * health in the Prometheus text format, named by Prometheus conventions (base units, {@code _total} for
 * counters). Sandbox series carry {@code sandbox} (the full id) and {@code name}, plus {@code deployment} and
 * {@code workload} when a deployment runs it. A counter the host lacks (PSI without cgroup2) is left out, never
 * reported as 0.
 */
public final class MetricsRoutes {
    private final StatsCollector collector;
    private final WorkloadStatusSource workloads;

    public MetricsRoutes(Sandboxes sandboxes, WorkloadStatusSource workloads) {
        this.collector = new StatsCollector(sandboxes);
        this.workloads = workloads;
    }

    /** {@code GET /metrics}; 404 for any other path, 405 for another method. */
    public ApiRoutes routes() {
        return this::handle;
    }

    ApiResponse handle(ApiRequest r) {
        if (!r.path().equals("/metrics")) {
            return ApiErrors.error(404, "no route " + r.path().replace("\"", "") + "");
        }
        if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
            return ApiErrors.error(405, "/metrics takes GET");
        }
        return new ApiResponse.Full(200, PrometheusText.CONTENT_TYPE, render().getBytes(StandardCharsets.UTF_8));
    }

    /** The exposition text now. */
    public String render() {
        return text(collector.counters(), workloads.workloads());
    }

    /** The exposition text of these readings and workloads. */
    static String text(List<SandboxSample> samples, List<WorkloadStatusSource.WorkloadStatus> ws) {
        Map<String, WorkloadStatusSource.WorkloadStatus> bySandbox = new HashMap<>();
        for (WorkloadStatusSource.WorkloadStatus w : ws) {
            w.sandboxId().ifPresent(id -> bySandbox.put(id, w));
        }
        List<Labelled> rows = new ArrayList<>();
        for (SandboxSample s : samples) {
            if (s.stats().isEmpty()) {
                continue;
            }
            Map<String, String> l = new LinkedHashMap<>();
            l.put("sandbox", s.id());
            if (s.name() != null) {
                l.put("name", s.name());
            }
            WorkloadStatusSource.WorkloadStatus w = bySandbox.get(s.id());
            if (w != null) {
                l.put("deployment", w.deployment());
                l.put("workload", w.workload());
            }
            rows.add(new Labelled(l, s.stats().get(), s.memoryLimit()));
        }
        PrometheusText t = new PrometheusText();
        t.family("edgefusion_sandboxes_running", "gauge", "Sandboxes running (or paused) under this state root.");
        t.sample("edgefusion_sandboxes_running", Map.of(), rows.size());

        counter(t, rows, "edgefusion_sandbox_cpu_seconds_total", "CPU time used by the sandbox's processes.",
                s -> s.cpu().flatMap(c -> opt(c.usageNanos())).map(n -> n / 1e9));
        counter(t, rows, "edgefusion_sandbox_cpu_periods_total", "CFS enforcement periods that elapsed.",
                s -> s.cpu().map(c -> (double) c.nrPeriods()));
        counter(t, rows, "edgefusion_sandbox_cpu_throttled_periods_total",
                "CFS periods in which the sandbox used up its CPU quota.", s -> s.cpu().map(c -> (double) c.nrThrottled()));
        counter(t, rows, "edgefusion_sandbox_cpu_throttled_seconds_total",
                "Time the sandbox's processes were throttled by its CPU quota.",
                s -> s.cpu().map(c -> c.throttledNanos() / 1e9));
        gauge(t, rows, "edgefusion_sandbox_memory_bytes", "Memory charged to the sandbox's cgroup now.",
                s -> s.memory().map(m -> (double) m.current()));
        rowsGauge(t, rows, "edgefusion_sandbox_memory_limit_bytes",
                "The sandbox's memory limit (the host's memory when it has none).",
                r -> r.limit().isPresent() ? Optional.of((double) r.limit().getAsLong()) : Optional.empty());
        gauge(t, rows, "edgefusion_sandbox_memory_peak_bytes", "Highest memory use recorded for the sandbox.",
                s -> s.memory().flatMap(m -> opt(m.peak())).map(Long::doubleValue));
        counter(t, rows, "edgefusion_sandbox_oom_kills_total", "Processes of the sandbox killed by the OOM killer.",
                s -> s.memory().map(m -> (double) m.oomKills()));
        gauge(t, rows, "edgefusion_sandbox_pids", "Processes and threads in the sandbox.",
                s -> s.pids().map(p -> (double) p.current()));
        gauge(t, rows, "edgefusion_sandbox_pids_limit", "The sandbox's pids.max.",
                s -> s.pids().flatMap(p -> opt(p.max())).map(Long::doubleValue));
        for (String res : List.of("cpu", "memory", "io")) {
            for (String kind : List.of("some", "full")) {
                counter(t, rows, "edgefusion_sandbox_pressure_" + res + "_" + kind + "_seconds_total",
                        "PSI: time in which " + (kind.equals("some") ? "some" : "all non-idle")
                                + " of the sandbox's tasks were stalled on " + res + ".",
                        s -> pressure(s, res).flatMap(p -> kind.equals("some") ? Optional.of(p.some()) : p.full())
                                .map(l -> l.totalMicros() / 1e6));
            }
        }

        t.family("edgefusion_workload_restarts_total", "counter",
                "Times the supervisor restarted the deployment's workload.");
        for (WorkloadStatusSource.WorkloadStatus w : ws) {
            t.sample("edgefusion_workload_restarts_total", workloadLabels(w), w.restarts());
        }
        t.family("edgefusion_workload_healthy", "gauge",
                "1 when the workload's last health check passed, 0 when it failed (absent: no check yet).");
        for (WorkloadStatusSource.WorkloadStatus w : ws) {
            w.healthy().ifPresent(h -> t.sample("edgefusion_workload_healthy", workloadLabels(w), h ? 1 : 0));
        }
        return t.toString();
    }

    private record Labelled(Map<String, String> labels, CgroupStats stats, OptionalLong limit) {
    }

    private static Map<String, String> workloadLabels(WorkloadStatusSource.WorkloadStatus w) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("deployment", w.deployment());
        l.put("workload", w.workload());
        w.sandboxId().ifPresent(id -> l.put("sandbox", id));
        return l;
    }

    private static Optional<CgroupStats.Pressure> pressure(CgroupStats s, String res) {
        return switch (res) {
            case "cpu" -> s.cpuPressure();
            case "memory" -> s.memoryPressure();
            default -> s.ioPressure();
        };
    }

    private static Optional<Long> opt(OptionalLong v) {
        return v.isPresent() ? Optional.of(v.getAsLong()) : Optional.empty();
    }

    private static void counter(PrometheusText t, List<Labelled> rows, String name, String help,
                                Function<CgroupStats, Optional<Double>> value) {
        series(t, rows, name, "counter", help, r -> value.apply(r.stats()));
    }

    private static void gauge(PrometheusText t, List<Labelled> rows, String name, String help,
                              Function<CgroupStats, Optional<Double>> value) {
        series(t, rows, name, "gauge", help, r -> value.apply(r.stats()));
    }

    private static void rowsGauge(PrometheusText t, List<Labelled> rows, String name, String help,
                                  Function<Labelled, Optional<Double>> value) {
        series(t, rows, name, "gauge", help, value);
    }

    /** A family only when at least one sandbox has the value: a family without samples says nothing. */
    private static void series(PrometheusText t, List<Labelled> rows, String name, String type, String help,
                               Function<Labelled, Optional<Double>> value) {
        List<Map.Entry<Map<String, String>, Double>> samples = new ArrayList<>();
        for (Labelled r : rows) {
            value.apply(r).ifPresent(v -> samples.add(Map.entry(r.labels(), v)));
        }
        if (samples.isEmpty()) {
            return;
        }
        t.family(name, type, help);
        for (var s : samples) {
            t.sample(name, s.getKey(), s.getValue());
        }
    }
}
