package io.edgefusion.node.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The metrics listener's default {@code GET /metrics}: the node is up and when it started, in the Prometheus
 * text exposition format. The observability component replaces it ({@link RouteTable.Route#close} then add)
 * with the per-workload series.
 */
public final class MetricsRoutes {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoutes() {
    }

    public static RouteTable.Route add(RouteTable metrics, Instant started) {
        return metrics.get("/metrics", (req, p) -> new ApiResponse.Full(200, CONTENT_TYPE, exposition(started)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** The node's own series (up, start time), also ahead of the observability component's. */
    public static String exposition(Instant started) {
        double t = started.getEpochSecond() + started.getNano() / 1e9;
        return "# HELP edgefusion_node_up Whether the node is serving (always 1 when scraped).\n"
                + "# TYPE edgefusion_node_up gauge\n"
                + "edgefusion_node_up 1\n"
                + "# HELP edgefusion_node_start_time_seconds When the node started, seconds since the epoch.\n"
                + "# TYPE edgefusion_node_start_time_seconds gauge\n"
                + "edgefusion_node_start_time_seconds " + String.format(java.util.Locale.ROOT, "%.3f", t) + "\n";
    }
}
