package io.edgefusion.node.stats;

import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.sandbox.Sandboxes;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /v1/stats[?sandboxes=a,b]}: one {@code edgefusion.stats/v1} document (docs/json/stats.md), read
 * from the cgroups by the same code {@code edgefusion stats --no-stream --json} runs.
 */
public final class StatsRoutes {
    private final StatsCollector collector;

    public StatsRoutes(Sandboxes sandboxes) {
        this.collector = new StatsCollector(sandboxes);
    }

    public ApiRoutes routes() {
        return r -> r.method().equals("GET") ? handle(r)
                : ApiErrors.error(405, "/v1/stats takes GET");
    }

    private ApiResponse handle(ApiRequest r) {
        String wanted = r.query().getOrDefault("sandboxes", "");
        List<String> names = wanted.isBlank() ? List.of() : Arrays.stream(wanted.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        try {
            return ApiResponse.json(200, StatsJson.document(Instant.now(), collector.read(names)).toString());
        } catch (IllegalArgumentException e) {
            return ApiErrors.error(404, String.valueOf(e.getMessage()));
        }
    }
}
