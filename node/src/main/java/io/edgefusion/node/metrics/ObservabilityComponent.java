package io.edgefusion.node.metrics;

import io.edgefusion.node.NodeComponent;
import io.edgefusion.node.NodeServices;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.events.EventLog;
import io.edgefusion.node.stats.StatsRoutes;
import io.edgefusion.sandbox.Sandboxes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The node's eyes: every event emitted on the hub is stored by the {@link EventLog} ({@code /v1/events}),
 * {@code /v1/stats} reads the sandboxes' cgroups, and the metrics listener's {@code /metrics} gives the same
 * readings plus the workloads' restarts and health in Prometheus' format.
 */
public final class ObservabilityComponent implements NodeComponent {
    private final Supplier<WorkloadStatusSource> workloads;

    /** {@code workloads} is asked at start: the supervisor that knows restarts and health starts before us. */
    public ObservabilityComponent(Supplier<WorkloadStatusSource> workloads) {
        this.workloads = workloads;
    }

    @Override
    public String name() {
        return "observability";
    }

    /** The node's own series (up, start time) first, then the sandboxes' and workloads'. */
    private static ApiRoutes withNodeSeries(MetricsRoutes metrics, NodeServices s) {
        return r -> {
            ApiResponse a = metrics.routes().handle(r);
            if (a.status() != 200 || !(a instanceof ApiResponse.Full f)) {
                return a;
            }
            byte[] node = io.edgefusion.node.api.MetricsRoutes.exposition(s.started())
                    .getBytes(StandardCharsets.UTF_8);
            byte[] all = Arrays.copyOf(node, node.length + f.body().length);
            System.arraycopy(f.body(), 0, all, node.length, f.body().length);
            return new ApiResponse.Full(200, f.contentType(), all);
        };
    }

    @Override
    public AutoCloseable start(NodeServices s) {
        EventLog log = new EventLog(s.database());
        var subscription = s.events().subscribe(log);
        Sandboxes sandboxes = new Sandboxes(s.paths().root());
        List<AutoCloseable> parts = List.of(
                s.api().mount("/v1/events", log.routes()),
                s.api().mount("/v1/stats", new StatsRoutes(sandboxes).routes()),
                s.metrics().mount("/metrics", withNodeSeries(new MetricsRoutes(sandboxes, workloads.get()), s)));
        return () -> {
            for (AutoCloseable p : parts) {
                p.close();
            }
            subscription.close();
            log.close();
        };
    }
}
