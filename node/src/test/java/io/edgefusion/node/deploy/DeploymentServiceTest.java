package io.edgefusion.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.api.Peer;
import io.edgefusion.node.events.NodeEvent;
import io.edgefusion.node.store.NodeDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes over a real database, with a recording fake for the supervisor's rollouts. */
class DeploymentServiceTest {
    @TempDir
    Path root;

    private final ObjectMapper json = new ObjectMapper();
    private final RecordingRollouts rollouts = new RecordingRollouts();
    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    private final InstantSource clock = () -> Instant.parse("2026-12-01T20:33:12.123Z");
    private NodeDatabase db;
    private DeploymentService service;
    private ApiRoutes routes;
    private String file;

    @BeforeEach
    void open() {
        db = NodeDatabase.open(new NodePaths(root));
        service = new DeploymentService(new Revisions(db, clock), rollouts, events::add, clock);
        routes = service.routes();
        file = root.resolve("deploy.yaml").toString();
    }

    @AfterEach
    void close() {
        db.close();
    }

    record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, Map<String, String> query, String body) {
        ApiResponse r = routes.handle(new ApiRequest(method, path, query, body.getBytes(StandardCharsets.UTF_8),
                Peer.REMOTE));
        assertThat(r.contentType()).isEqualTo("application/json");
        try {
            return new Answer(r.status(), json.readTree(((ApiResponse.Full) r).body()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private Answer get(String path) {
        return call("GET", path, Map.of(), "");
    }

    private Answer deploy(String yaml) {
        return call("POST", "/v1/deployments", Map.of(), json.createObjectNode().put("path", file).put("text", yaml)
                .toString());
    }

    private static String version(String tag) {
        return BadDeploymentFiles.one("image: demo/api:" + tag);
    }

    static List<BadDeploymentFiles.Case> bad() {
        return BadDeploymentFiles.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void aBadFileIsRefusedWithItsLineAndNothingIsStoredOrRolledOut(BadDeploymentFiles.Case c) {
        Answer a = deploy(c.yaml());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("error").asText()).isEqualTo(c.expected(file));
        assertThat(a.body().path("problems")).hasSize(1);
        assertThat(service.list(true)).isEmpty();
        assertThat(rollouts.applied).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void deployRollsOutEachNewRevisionAndAnIdenticalFileIsANoOp() {
        Answer first = deploy(version("1"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("deployment").asText()).isEqualTo("line-monitor");
        assertThat(first.body().path("changed").asBoolean()).isTrue();
        assertThat(first.body().path("revision").path("revision").asInt()).isEqualTo(1);
        assertThat(first.body().path("revision").path("status").asText()).isEqualTo("rolled-out");
        assertThat(first.body().path("revision").path("createdAt").asText()).isEqualTo("2026-12-01T20:33:12.123Z");
        assertThat(rollouts.applied).singleElement().satisfies(a -> {
            assertThat(a.revision()).isEqualTo(1);
            assertThat(a.deployment().workloads().getFirst().source())
                    .isEqualTo(new WorkloadSpec.Source.Image("demo/api:1"));
        });

        Answer again = deploy(version("1") + "# only a comment differs\n");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("changed").asBoolean()).as("same deployment: kubectl's 'unchanged'").isFalse();
        assertThat(again.body().path("revision").path("revision").asInt()).isEqualTo(1);
        assertThat(rollouts.revisions()).containsExactly(1);

        assertThat(deploy(version("2")).body().path("revision").path("revision").asInt()).isEqualTo(2);
        assertThat(rollouts.revisions()).containsExactly(1, 2);
        assertThat(events).extracting(NodeEvent::type).containsExactly("deployment.rolling-out",
                "deployment.rolled-out", "deployment.rolling-out", "deployment.rolled-out");
        assertThat(events.getLast().attributes()).containsEntry("revision", "2");
    }

    @Test
    void aFailedRolloutIsRecordedWithItsReasonAndTheOldRevisionStaysCurrent() {
        deploy(version("1"));
        rollouts.answer = (d, n) -> new Rollouts.Outcome.Failed("api: health check failed 3 times");
        Answer failed = deploy(version("2"));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.body().path("revision").path("status").asText()).isEqualTo("failed");
        assertThat(failed.body().path("revision").path("reason").asText()).isEqualTo("api: health check failed 3 times");
        rollouts.answer = (d, n) -> {
            throw new IllegalStateException("image demo/api:3 not in the store");
        };
        Answer thrown = deploy(version("3"));
        assertThat(thrown.body().path("revision").path("reason").asText()).isEqualTo("image demo/api:3 not in the store");

        Answer one = get("/v1/deployments/line-monitor");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("revision").asInt()).isEqualTo(1);
        assertThat(one.body().path("latest").path("revision").asInt()).isEqualTo(3);
        assertThat(one.body().path("latest").path("status").asText()).isEqualTo("failed");
        assertThat(events.getLast().type()).isEqualTo("deployment.failed");
    }

    @Test
    void listHistoryRollbackAndUndeploy() {
        deploy(version("1"));
        deploy(version("2"));
        Answer list = get("/v1/deployments");
        assertThat(list.body().path("schema").asText()).isEqualTo("edgefusion.deployments/v1");
        assertThat(list.body().path("deployments")).singleElement().satisfies(d -> {
            assertThat(d.path("name").asText()).isEqualTo("line-monitor");
            assertThat(d.path("state").asText()).isEqualTo("active");
            assertThat(d.path("revision").asInt()).isEqualTo(2);
            assertThat(d.path("workloads").get(0).asText()).isEqualTo("api");
        });

        Answer back = call("POST", "/v1/deployments/line-monitor/rollback", Map.of(), "");
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body().path("revision").path("revision").asInt()).isEqualTo(3);
        assertThat(back.body().path("revision").path("rollbackOf").asInt()).isEqualTo(1);
        assertThat(rollouts.applied.getLast().deployment().workloads().getFirst().source())
                .isEqualTo(new WorkloadSpec.Source.Image("demo/api:1"));

        Answer to2 = call("POST", "/v1/deployments/line-monitor/rollback", Map.of("to", "2"), "");
        assertThat(to2.body().path("revision").path("revision").asInt()).isEqualTo(4);
        Answer toCurrent = call("POST", "/v1/deployments/line-monitor/rollback", Map.of("to", "4"), "");
        assertThat(toCurrent.body().path("changed").asBoolean()).isFalse();
        assertThat(call("POST", "/v1/deployments/line-monitor/rollback", Map.of("to", "9"), "").body().path("error")
                .asText()).isEqualTo("deployment line-monitor has no revision 9");
        assertThat(call("POST", "/v1/deployments/line-monitor/rollback", Map.of("to", "x"), "").status())
                .isEqualTo(400);

        Answer history = get("/v1/deployments/line-monitor/history");
        assertThat(history.body().path("schema").asText()).isEqualTo("edgefusion.deployment.history/v1");
        assertThat(history.body().path("revision").asInt()).isEqualTo(4);
        assertThat(history.body().path("revisions").findValuesAsText("status"))
                .containsExactly("superseded", "rolled-back", "rolled-back", "rolled-out");

        Answer removed = call("DELETE", "/v1/deployments/line-monitor", Map.of(), "");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().path("state").asText()).isEqualTo("removed");
        assertThat(removed.body().path("revision").isNull()).isTrue();
        assertThat(rollouts.removed).containsExactly("line-monitor");
        assertThat(get("/v1/deployments").body().path("deployments")).isEmpty();
        assertThat(call("GET", "/v1/deployments", Map.of("all", "true"), "").body().path("deployments")).hasSize(1);
        assertThat(call("DELETE", "/v1/deployments/line-monitor", Map.of(), "").status()).isEqualTo(409);
        assertThat(call("POST", "/v1/deployments/line-monitor/rollback", Map.of(), "").status()).isEqualTo(409);
        assertThat(deploy(version("1")).body().path("revision").path("revision").asInt())
                .as("numbers go on after undeploy").isEqualTo(5);
    }

    @Test
    void refusalsAreOneLineWithTheirStatus() {
        assertThat(get("/v1/deployments/nope")).isEqualTo(new Answer(404, error("no deployment nope")));
        assertThat(get("/v1/deployments/nope/history").status()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/deployments/nope", Map.of(), "").status()).isEqualTo(404);
        assertThat(call("POST", "/v1/deployments/nope/rollback", Map.of(), "").status()).isEqualTo(404);
        assertThat(get("/v1/deployments/Bad_Name").status()).isEqualTo(404);
        assertThat(get("/v1/deployments/a/b/c").status()).isEqualTo(404);
        assertThat(get("/v1/other").body()).isEqualTo(error("no route GET /v1/other"));
        assertThat(call("PUT", "/v1/deployments", Map.of(), "")).isEqualTo(new Answer(405,
                error("PUT /v1/deployments: not allowed (use GET, POST)")));
        assertThat(call("POST", "/v1/deployments", Map.of(), "name: x\n").status()).isEqualTo(400);
        assertThat(call("POST", "/v1/deployments", Map.of(), "{\"path\": \"deploy.yaml\", \"text\": \"\"}").body())
                .isEqualTo(error("path deploy.yaml: must be absolute (a relative rootfs resolves against its"
                        + " directory)"));
        deploy(version("1"));
        assertThat(call("POST", "/v1/deployments/line-monitor/rollback", Map.of(), "").body())
                .isEqualTo(error("deployment line-monitor has no earlier revision that was rolled out"));
        assertThat(service.list(true).getFirst().latest().number()).isEqualTo(1);
    }

    @Test
    void operationsOnOneDeploymentWaitForEachOther() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        rollouts.answer = (d, n) -> {
            if (n == 1) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Rollouts.Outcome.RolledOut();
        };
        Thread a = Thread.ofVirtual().start(() -> deploy(version("1")));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread b = Thread.ofPlatform().start(() -> deploy(version("2")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (b.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the second deploy never blocked").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(rollouts.revisions()).as("the second waits for the first rollout").containsExactly(1);
        release.countDown();
        a.join();
        b.join();
        assertThat(rollouts.revisions()).containsExactly(1, 2);
        assertThat(rollouts.maxInFlight.get()).isEqualTo(1);
    }

    private JsonNode error(String message) {
        return json.createObjectNode().put("schema", io.edgefusion.node.api.ApiErrors.SCHEMA).put("error", message);
    }
}
