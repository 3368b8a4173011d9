package io.edgefusion.node.events;

import io.edgefusion.node.NodePaths;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.Peer;
import io.edgefusion.node.store.NodeDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class EventLogTest {
    @TempDir
    Path root;
    NodeDatabase db;

    @BeforeEach
    void open() {
        db = NodeDatabase.open(new NodePaths(root));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static NodeEvent event(long ms, String type) {
        return new NodeEvent(Instant.ofEpochMilli(ms), type, "line-monitor/api", Map.of("revision", "3"));
    }

    @Test
    void storesEventsKeepsTheLastNAndSurvivesReopening() {
        EventLog log = new EventLog(db, 5);
        for (int i = 1; i <= 8; i++) {
            log.emit(event(1000L * i, "workload.started"));
        }
        assertThat(log.size()).isEqualTo(5);
        List<StoredEvent> all = log.between(Instant.EPOCH, Instant.MAX, 0);
        assertThat(all).extracting(e -> e.event().time().toEpochMilli())
                .containsExactly(4000L, 5000L, 6000L, 7000L, 8000L);
        assertThat(all.getFirst().event().attributes()).containsEntry("revision", "3");
        assertThat(log.between(Instant.ofEpochMilli(6000), Instant.ofEpochMilli(8000), 0)).hasSize(2);
        db.close();
        db = NodeDatabase.open(new NodePaths(root));
        EventLog again = new EventLog(db, 5);
        again.emit(event(9000, "workload.healthy"));
        List<StoredEvent> after = again.between(Instant.EPOCH, Instant.MAX, 0);
        assertThat(after.getLast().id()).as("ids keep increasing across restarts").isGreaterThan(all.getLast().id());
    }

    @Test
    void routeReplaysTheWindowAsJsonLines() throws Exception {
        EventLog log = new EventLog(db);
        log.emit(event(1000, "deployment.applied"));
        log.emit(event(2000, "workload.started"));
        log.emit(event(3000, "workload.healthy"));
        ApiResponse r = log.routes().handle(new ApiRequest("GET", "/v1/events",
                Map.of("since", "1970-01-01T00:00:02Z", "until", "1970-01-01T00:00:03Z", "follow", "1"),
                new byte[0], Peer.REMOTE));
        assertThat(r).isInstanceOf(ApiResponse.Streaming.class);
        assertThat(r.contentType()).isEqualTo("application/x-ndjson");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((ApiResponse.Streaming) r).body().writeTo(out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        StoredEvent e = EventJson.parse(lines.getFirst());
        assertThat(e.event()).isEqualTo(event(2000, "workload.started"));
        assertThat(lines.getFirst()).startsWith("{\"schema\":\"edgefusion.events/v1\",\"id\":")
                .contains("\"time\":\"1970-01-01T00:00:02.000Z\"");

        ApiResponse bad = log.routes().handle(new ApiRequest("GET", "/v1/events", Map.of("since", "yesterday"),
                new byte[0], Peer.REMOTE));
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void followerGetsTheBacklogThenLiveEventsWithoutGapsOrDuplicates() throws Exception {
        EventLog log = new EventLog(db);
        log.emit(event(1000, "old"));
        List<String> lines = new CopyOnWriteArrayList<>();
        OutputStream sink = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        };
        ApiResponse r = log.routes().handle(new ApiRequest("GET", "/v1/events",
                Map.of("since", "0", "follow", "1"), new byte[0], Peer.REMOTE));
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                ((ApiResponse.Streaming) r).body().writeTo(sink);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> lines.size() == 1);
        long now = System.currentTimeMillis();
        log.emit(event(now, "live.one"));
        log.emit(event(now, "live.two"));
        await(() -> lines.size() == 3);
        assertThat(lines).extracting(l -> EventJson.parse(l).event().type()).containsExactly("old", "live.one",
                "live.two");
        log.close();
        follower.join(Duration.ofSeconds(10));
        assertThat(follower.isAlive()).as("closing the log ends followers").isFalse();
    }

    private static void await(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
