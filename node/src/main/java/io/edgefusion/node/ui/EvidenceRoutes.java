package io.edgefusion.node.ui;

import io.edgefusion.guardian.evidence.EvidenceJson;
import io.edgefusion.guardian.evidence.EvidenceRecord;
import io.edgefusion.guardian.evidence.EvidenceTable;
import io.edgefusion.guardian.store.Sql;
import io.edgefusion.node.api.ApiException;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.events.TimeArg;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/evidence?since=T&subject=S&limit=N}: the evidence log's records as {@code edgefusion evidence ls
 * --json} prints them ({@code edgefusion.evidence.ls/v1}), read from the node's database. Only reads: the
 * guardian is the log's one writer. A node whose database has no evidence tables yet answers an empty list.
 */
final class EvidenceRoutes {
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 10_000;

    private final Sql sql;
    private final Clock clock;

    EvidenceRoutes(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    ApiResponse list(ApiRequest r) {
        Optional<Long> since = Optional.ofNullable(r.query().get("since")).filter(s -> !s.isBlank()).map(s -> {
            try {
                return TimeArg.parse(s, clock.instant()).toEpochMilli();
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "since: " + e.getMessage());
            }
        });
        Optional<String> subject = Optional.ofNullable(r.query().get("subject")).filter(s -> !s.isBlank());
        int limit = limit(r.query().get("limit"));
        List<EvidenceRecord> all = EvidenceTable.list(sql, new EvidenceTable.Query(since, subject));
        // The newest `limit`, still oldest first: what a timeline shows, in the order ls prints.
        List<EvidenceRecord> newest = all.subList(Math.max(0, all.size() - limit), all.size());
        return ApiResponse.json(200, EvidenceJson.ls(newest).toString());
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message
        }
        throw new ApiException(400, "limit '" + text + "': expected a count from 1 to " + MAX_LIMIT);
    }
}
