package io.edgefusion.node.guard;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.events.NodeEvent;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fault kind of the guardian end to end on a real node and real sandboxes: v1 deployed and stable
 * (known-good), a faulty v2 deployed, then the breaker opens and the trip isolates v2, rolls back (r3 = v1's
 * file, healthy), takes v2's diff snapshot and removes it; the deployment's history says why.
 */
@KernelTest
class GuardianFaultKernelTest {
    static final Duration TRIP = Duration.ofSeconds(60);
    static final String W = "shop/app";

    private final TestSandboxes ts = new TestSandboxes();
    private GuardedNode node;

    @BeforeEach
    void start() throws Exception {
        node = new GuardedNode(ts.root(), Files.createDirectory(ts.root().resolve("work")));
    }

    @AfterEach
    void stop() throws Exception {
        try (ts) {
            node.close();
        }
    }

    /** A revision of deployment shop: one workload app running {@code script} under sh, probed by {@code probe}. */
    static String revision(int n, String script, String probe, String prevent, String extra) {
        return """
                name: shop
                guardian:
                  interval: 200ms
                  stable: 1s
                  prevent: %s
                  breaker: {failures: 3, window: 30s, cooldown: 60s, probe: 10s}
                workloads:
                  - name: app
                    image: builtin:busybox
                    command: [sh, -c, '%s']
                    env: {REVISION: "%d"}
                    restart: {policy: always, backoff: {initial: 50ms, max: 1s}}
                    resources: {memory: 16m, pids: 32}
                    health: {exec: [sh, -c, '%s'], interval: 300ms, timeout: 250ms, retries: 3}
                %s""".formatted(prevent, script, n, probe, extra);
    }

    /** PID 1 of a PID namespace ignores SIGTERM unless it handles it: handle it, so a rollout retires v1 at once. */
    static final String GOOD = "trap \"exit 0\" TERM; sleep 600 & wait";
    static final String HEALTHY = "true";

    /** v1 deployed and known-good; returns when the guardian recorded it stable. */
    private void goodV1(String prevent) throws Exception {
        JsonNode r = node.deploy("shop", revision(1, GOOD, HEALTHY, prevent, ""));
        assertThat(r.path("revision").path("status").asText()).as(r.toString()).isEqualTo("rolled-out");
        node.await(NodeGuard.KNOWN_GOOD, W, e -> "1".equals(e.attributes().get("revision")), TRIP);
    }

    /** Deploys faulty v2, waits for the trip to finish, and checks every level and the history. */
    private NodeEvent faultyV2(String script, String probe, String prevent, String check) throws Exception {
        JsonNode r = node.deploy("shop", revision(2, script, probe, prevent, ""));
        assertThat(r.path("revision").path("revision").asInt()).as(r.toString()).isEqualTo(2);
        NodeEvent failed = node.await("check.failed", W, e -> check.equals(e.attributes().get("check"))
                && "2".equals(e.attributes().get("revision")), TRIP);
        node.await("trip.finished", W, TRIP);
        List<String> types = node.typesOf(W);
        assertThat(types).containsSubsequence("check.failed", "breaker.transition", "trip.opened",
                "trip.isolate.done", "trip.rollback.done", "trip.snapshot", "trip.snapshot.done", "trip.remove.done",
                "trip.finished");
        NodeEvent rolled = node.await("trip.rollback.done", W, TRIP);
        assertThat(rolled.attributes()).containsEntry("outcome", "rolled-back").containsEntry("revision", "3");
        JsonNode h = node.call("GET", "/v1/deployments/shop/history", null);
        assertThat(h.path("revision").asInt()).as(h.toString()).isEqualTo(3);
        JsonNode r2 = revisionOf(h, 2);
        JsonNode r3 = revisionOf(h, 3);
        assertThat(r3.path("status").asText()).isEqualTo("rolled-out");
        assertThat(r3.path("rollbackOf").asInt()).isEqualTo(1);
        assertThat(r2.path("status").asText()).isEqualTo("rolled-back");
        assertThat(r2.path("reason").asText()).startsWith("guardian: ");
        List<String> names = ts.sandboxes().list().stream().map(s -> s.name()).toList();
        assertThat(names).as("v1's file runs as r3, v2's sandbox is gone").contains("shop-app-r3")
                .doesNotContain("shop-app-r2");
        JsonNode breakers = node.call("GET", "/v1/breakers", null);
        assertThat(breakers.path("breakers").get(0).path("state").asText()).isEqualTo("open");
        return failed;
    }

    private static JsonNode revisionOf(JsonNode history, int n) {
        return StreamSupport.stream(history.path("revisions").spliterator(), false)
                .filter(x -> x.path("revision").asInt() == n).findFirst().orElseThrow();
    }

    @Test
    void aNewRevisionThatCrashesIsRolledBack() throws Exception {
        goodV1("off");
        NodeEvent f = faultyV2("sleep 1; exit 3", HEALTHY, "off", "exit");
        assertThat(f.attributes().get("reason")).contains("shop/app ended");
    }

    @Test
    void contractDriftIsDetectedAndRolledBack() throws Exception {
        goodV1("off");
        NodeEvent f = faultyV2("nc -l -p 7777 & exec sleep 600", HEALTHY, "off", "network.listen");
        assertThat(f.attributes().get("reason")).contains("7777");
    }

    @Test
    void contractDriftIsRefusedByTheKernelAndRolledBack() throws Exception {
        goodV1("bind");
        NodeEvent f = faultyV2("sleep 0.3; nc -l -p 7777; exec sleep 600", HEALTHY, "bind", "network.bind");
        assertThat(f.attributes().get("reason")).contains("EPERM");
        assertThat(node.typesOf(W)).contains(BindPrevention.REFUSED).doesNotContain("check.failed.network.listen");
    }

    @Test
    void halLayoutDriftIsRolledBack() throws Exception {
        goodV1("off");
        String report = "{\"schema\":\"edgefusion.hal-report/v1\",\"providers\":[],\"layouts\":[{\"name\":"
                + "\"serial_frame\",\"size\":44,\"byte_order\":\"little\",\"fields\":[]}]}";
        NodeEvent f = faultyV2("mkdir -p /run/edgefusion; echo \"" + report.replace("\"", "\\\"")
                + "\" > /run/edgefusion/hal.json; exec sleep 600", HEALTHY, "off", "hal.report");
        assertThat(f.attributes().get("reason")).contains("serial_frame").contains("44");
    }

    @Test
    void anOomKillIsRolledBack() throws Exception {
        goodV1("off");
        NodeEvent f = faultyV2("sleep 0.5; dd if=/dev/zero of=/dev/null bs=64M count=1; exec sleep 600", HEALTHY,
                "off", "oom");
        assertThat(f.attributes().get("reason")).contains("OOM killer");
    }

    @Test
    void aHealthProbeThatStartsFailingIsRolledBack() throws Exception {
        goodV1("off");
        faultyV2("(sleep 1; touch /tmp/bad) & exec sleep 600", "test ! -e /tmp/bad", "off", "health");
    }

    @Test
    void aHangIsRolledBack() throws Exception {
        goodV1("off");
        faultyV2("(sleep 1; touch /tmp/hang) & exec sleep 600", "test ! -e /tmp/hang || sleep 5", "off", "health");
    }

    @Test
    void aCrashLoopOfAStableRevisionIsRolledBack() throws Exception {
        goodV1("off");
        // v2 runs long enough to become known-good, then every start of it crashes at once.
        long at = System.currentTimeMillis() / 1000 + 4;
        String loop = "while [ $(date +%s) -lt " + at + " ]; do sleep 0.1; done; exit 7";
        JsonNode r = node.deploy("shop", revision(2, loop, HEALTHY, "off", ""));
        assertThat(r.path("revision").path("status").asText()).isEqualTo("rolled-out");
        node.await(NodeGuard.KNOWN_GOOD, W, e -> "2".equals(e.attributes().get("revision")), TRIP);
        node.await("trip.finished", W, TRIP);
        NodeEvent opened = node.await("breaker.transition", W, e -> "open".equals(e.attributes().get("to")), TRIP);
        assertThat(opened.attributes()).containsEntry("cause", "threshold");
        NodeEvent rolled = node.await("trip.rollback.done", W, TRIP);
        assertThat(rolled.attributes()).containsEntry("outcome", "rolled-back").containsEntry("revision", "3");
        assertThat(node.events.stream().filter(e -> e.type().equals("workload.starting") && e.subject().equals(W)
                && "2".equals(e.attributes().get("revision"))).count()).as("restarts before it opened").isBetween(1L, 4L);
    }

    @Test
    void theBreakerHalfOpensAfterItsCooldownAndClosesOnceTheRolledBackRevisionPassesProbation() throws Exception {
        String quick = "  breaker: {failures: 3, window: 30s, cooldown: 1s, probe: 1s}";
        node.deploy("shop", revision(1, GOOD, HEALTHY, "off", "").replace(
                "  breaker: {failures: 3, window: 30s, cooldown: 60s, probe: 10s}", quick));
        node.await(NodeGuard.KNOWN_GOOD, W, e -> "1".equals(e.attributes().get("revision")), TRIP);
        node.deploy("shop", revision(2, "sleep 1; exit 3", HEALTHY, "off", "").replace(
                "  breaker: {failures: 3, window: 30s, cooldown: 60s, probe: 10s}", quick));
        node.await("trip.finished", W, TRIP);
        NodeEvent half = node.await("breaker.transition", W, e -> "half-open".equals(e.attributes().get("to")), TRIP);
        assertThat(half.attributes()).containsEntry("cause", "cooldown-over");
        NodeEvent closed = node.await("breaker.transition", W, e -> "closed".equals(e.attributes().get("to")), TRIP);
        assertThat(closed.attributes()).containsEntry("from", "half-open").containsEntry("cause", "probe-passed");
        JsonNode b = node.call("GET", "/v1/breakers/shop/app", null);
        assertThat(b.path("state").asText()).isEqualTo("closed");
        assertThat(node.call("GET", "/v1/deployments/shop", null).path("revision").asInt()).as("r3, v1's file")
                .isEqualTo(3);
    }

    @Test
    void aCrashLoopWithNothingToRollBackToStaysDownUntilTheBreakerIsReset() throws Exception {
        node.deploy("shop", revision(1, "sleep 0.5; exit 5", HEALTHY, "off", ""));
        node.await("trip.finished", W, TRIP);
        NodeEvent rolled = node.await("trip.rollback.done", W, TRIP);
        assertThat(rolled.attributes()).containsEntry("outcome", "nothing-to-roll-back-to");
        // The supervisor's next restart attempt meets the open breaker after the trip has finished, not before
        // (CI saw trip.finished without it yet).
        node.await("breaker.restart-refused", W, TRIP);
        long startsBefore = node.events.stream().filter(e -> e.type().equals("workload.starting")
                && e.subject().equals(W)).count();

        JsonNode reset = node.call("POST", "/v1/breakers/shop/app/reset", "{\"reason\":\"fixed the config\"}");
        assertThat(reset.path("state").asText()).isEqualTo("closed");
        node.await("breaker.transition", W, e -> "closed".equals(e.attributes().get("to"))
                && "reset".equals(e.attributes().get("cause")), TRIP);
        // The instance the open breaker kept down is started again by its restart policy.
        long end = System.nanoTime() + TRIP.toNanos();
        while (node.events.stream().filter(e -> e.type().equals("workload.starting") && e.subject().equals(W))
                .count() == startsBefore) {
            assertThat(System.nanoTime()).as("a start after the reset").isLessThan(end);
            Thread.sleep(10); // polling the collected events with a deadline
        }
    }
}
