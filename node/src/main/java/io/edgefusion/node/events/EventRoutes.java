package io.edgefusion.node.events;

import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/events?since=T&until=T&follow=1}: stored events in the window, one {@code edgefusion.events/v1}
 * object per line ({@code application/x-ndjson}); with {@code follow=1} the stream stays open and carries each
 * new event until {@code until} passes or the client goes away.
 */
final class EventRoutes {
    /** A follower that falls this far behind is cut off rather than let the node's memory grow. */
    static final int MAX_BACKLOG = 100_000;
    private static final long WAKE_MS = 1000;

    private final EventLog log;
    private final Clock clock;

    EventRoutes(EventLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    ApiResponse handle(ApiRequest r) {
        Instant now = clock.instant();
        Instant since;
        Instant until;
        try {
            since = r.query().containsKey("since") ? TimeArg.parse(r.query().get("since"), now) : Instant.EPOCH;
            until = r.query().containsKey("until") ? TimeArg.parse(r.query().get("until"), now) : Instant.MAX;
        } catch (IllegalArgumentException e) {
            return ApiErrors.error(400, String.valueOf(e.getMessage()));
        }
        boolean follow = "1".equals(r.query().get("follow")) || "true".equals(r.query().get("follow"));
        return new ApiResponse.Streaming(200, "application/x-ndjson", out -> stream(out, since, until, follow));
    }

    private void stream(OutputStream out, Instant since, Instant until, boolean follow) throws java.io.IOException {
        if (!follow || !until.isAfter(clock.instant())) {
            for (StoredEvent e : log.between(since, until, 0)) {
                write(out, e);
            }
            out.flush();
            return;
        }
        BlockingQueue<StoredEvent> queue = new LinkedBlockingQueue<>(MAX_BACKLOG);
        boolean[] overflow = {false};
        try (EventLog.Subscription s = log.replayAndSubscribe(since, until, e -> {
            if (!queue.offer(e)) {
                overflow[0] = true;
            }
        })) {
            out.flush();
            while (!overflow[0] && !log.closed()) {
                Instant now = clock.instant();
                if (!until.isAfter(now)) {
                    return;
                }
                long wait = until.equals(Instant.MAX) ? WAKE_MS
                        : Math.min(WAKE_MS, Math.max(1, Duration.between(now, until).toMillis()));
                StoredEvent e;
                try {
                    e = queue.poll(wait, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (e == null) {
                    continue;
                }
                if (e.event().time().isBefore(until)) {
                    write(out, e);
                }
                for (StoredEvent more; (more = queue.poll()) != null; ) {
                    if (more.event().time().isBefore(until)) {
                        write(out, more);
                    }
                }
                out.flush();
            }
        }
    }

    private static void write(OutputStream out, StoredEvent e) throws java.io.IOException {
        out.write((EventJson.line(e) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
