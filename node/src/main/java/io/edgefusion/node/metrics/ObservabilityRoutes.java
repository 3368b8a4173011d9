package io.edgefusion.node.metrics;

import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.events.EventLog;
import io.edgefusion.node.stats.StatsRoutes;
import io.edgefusion.sandbox.Sandboxes;

/**
 * The observability part of the node's route table, as one function: {@code GET /v1/events} (stream),
 * {@code GET /v1/stats}, {@code GET /metrics}. Any other path is a 404, so the node can try these routes
 * after (or before) its own.
 */
public final class ObservabilityRoutes {
    private ObservabilityRoutes() {
    }

    public static ApiRoutes routes(EventLog events, Sandboxes sandboxes, WorkloadStatusSource workloads) {
        ApiRoutes ev = events.routes();
        ApiRoutes stats = new StatsRoutes(sandboxes).routes();
        ApiRoutes metrics = new MetricsRoutes(sandboxes, workloads).routes();
        return r -> switch (r.path()) {
            case "/v1/events" -> r.method().equals("GET") ? ev.handle(r)
                    : ApiErrors.error(405, "/v1/events takes GET");
            case "/v1/stats" -> stats.handle(r);
            case "/metrics" -> metrics.handle(r);
            default -> ApiErrors.error(404, "no route " + r.path().replace("\"", "'") + "");
        };
    }
}
