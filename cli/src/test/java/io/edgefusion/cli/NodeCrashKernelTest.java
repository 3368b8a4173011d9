package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real node process SIGKILLed in the middle of a rollout (at a named step: {@code EDGEFUSION_NODE_CHECKPOINT}
 * for the supervisor's, {@code -Dedgefusion.checkpoint} for the sandbox module's run), then a new node on the same
 * root: nothing lost, no duplicate, no leak, and what ran before is adopted, not restarted. And live restore with
 * ad-hoc and deployment workloads whose processes or reapers died.
 */
@KernelTest
class NodeCrashKernelTest {
    private final NodeWorld w = new NodeWorld();

    @AfterEach
    void tearDown() throws Exception {
        w.close();
    }

    private ThinClient.Result ok(String... args) {
        ThinClient.Result r = w.cli.viaNode(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @ParameterizedTest(name = "node killed at {0} -> revision {2}")
    @CsvSource({
            "rollout-recorded, ok, 2",
            "new-row:db, ok, 2",
            "recorded, ok, 2",          // the sandbox module's run of db r2: recorded, no name yet
            "cgroup, ok, 2",            // ... its name reserved and its cgroup made
            "placed, ok, 2",            // ... its PID 1 placed in the cgroup, not yet released
            "new-started:db, ok, 2",
            "new-id-recorded:db, ok, 2",
            "new-healthy:db, ok, 2",
            "old-stop-recorded:db, ok, 2",
            "old-stopped:db, ok, 2",
            "new-row:api, ok, 2",
            "new-healthy:api, ok, 2",
            "old-stopped:api, ok, 2",
            "old-rows-deleted, ok, 2",
            "done, ok, 2",
            "undo-recorded, fail, 1",
            "undo-new-stopped:api, fail, 1",
            "undo-new-stopped:db, fail, 1",
            "undo-old-restarted:db, fail, 1"})
    void aNodeKilledMidRolloutLosesNothingDoublesNothingLeaksNothing(String checkpoint, String mode, int expected)
            throws Exception {
        RealNode first = w.node();
        w.file("shop.yaml", NodeWorld.shop("1", 8080));
        ok("deploy", "-f", "shop.yaml");
        first.stop();

        boolean sandboxStep = !checkpoint.contains("-") && !checkpoint.equals("done");
        RealNode crashing = sandboxStep
                ? w.node(Map.of(), RealNode.launcher(w.files, "ef-" + checkpoint,
                List.of("-Dedgefusion.checkpoint=" + checkpoint)))
                : w.node(Map.of("EDGEFUSION_NODE_CHECKPOINT", checkpoint), w.launcher);
        w.file("shop.yaml", NodeWorld.shop("2", mode.equals("ok") ? 8080 : 9999));
        CompletableFuture<ThinClient.Result> deploy = w.cli.start(Path.of("/nonexistent"), List.of(), "deploy", "-f",
                "shop.yaml");
        crashing.awaitErr(("checkpoint " + checkpoint)::equals, 120);
        // What the node had stored when it was killed, read from it while its rollout is held.
        List<JsonNode> storedEvents = w.events();
        List<SandboxState> atKill = w.ts.sandboxes().list();
        w.track(atKill);
        crashing.kill9();
        ThinClient.Result lost = deploy.join();
        assertThat(lost.code()).as(lost.toString()).isEqualTo(125);
        assertThat(lost.err()).isEqualTo("edgefusion: lost the connection to the node at " + w.root()
                + "/node.sock\n");

        w.node();
        // The desired state: the rollout's outcome is final, the history whole.
        JsonNode d = w.json("deployments").path("deployments").get(0);
        assertThat(d.path("revision").asInt()).as(d.toString()).isEqualTo(expected);
        assertThat(d.path("latest").path("revision").asInt()).isEqualTo(2);
        assertThat(d.path("latest").path("status").asText()).isEqualTo(expected == 2 ? "rolled-out" : "failed");
        JsonNode h = w.json("deployment", "history", "shop");
        assertThat(h.path("revisions")).hasSize(2);
        assertThat(h.path("revisions").get(0).path("status").asText())
                .isEqualTo(expected == 2 ? "superseded" : "rolled-out");
        // Every event the killed node had stored is still there.
        Set<String> after = w.events().stream().map(JsonNode::toString).collect(Collectors.toSet());
        assertThat(after).containsAll(storedEvents.stream().map(JsonNode::toString).toList());

        // One running sandbox per workload, of the expected revision; whatever ran at the kill was adopted.
        Map<String, SandboxState> byName = w.byName();
        assertThat(byName.keySet()).containsExactlyInAnyOrder("shop-db-r" + expected, "shop-api-r" + expected);
        for (SandboxState s : byName.values()) {
            assertThat(s.status()).isEqualTo(Status.RUNNING);
            assertThat(s.spec().env()).containsEntry("MARKER", Integer.toString(expected));
        }
        Map<String, String> runningAtKill = new HashMap<>();
        for (SandboxState s : atKill) {
            if (s.name() != null && s.status() == Status.RUNNING) {
                runningAtKill.put(s.name(), s.id());
            }
        }
        byName.forEach((name, s) -> {
            if (runningAtKill.containsKey(name)) {
                assertThat(s.id()).as(name + " ran when the node was killed: adopted, not restarted")
                        .isEqualTo(runningAtKill.get(name));
            }
        });
        if (expected == 1) {
            assertThat(runningAtKill).containsKey("shop-api-r1"); // api r1 was never stopped
        }
        w.assertNoLeaks();
        ok("undeploy", "shop");
        assertThat(w.ts.sandboxes().list()).isEmpty();
        w.assertNoLeaks();
    }

    @Test
    void liveRestoreAdoptsTheLiveReapsTheDeadRestartsByPolicyAndNoticesDeadReapers() throws Exception {
        RealNode first = w.node();
        w.file("shop.yaml", NodeWorld.shop("1", 8080));
        ok("deploy", "-f", "shop.yaml");
        ok("run", "-d", "--restart", "always", "--name", "side", "builtin:busybox", "--", "sh", "-c",
                "trap 'exit 0' TERM; sleep 1000 & wait");
        ok("run", "-d", "--restart", "always", "--name", "lone", "builtin:busybox", "--", "sh", "-c",
                "trap 'exit 0' TERM; sleep 1000 & wait");
        Map<String, SandboxState> before = w.byName();
        assertThat(before.keySet()).containsExactlyInAnyOrder("shop-db-r1", "shop-api-r1", "side", "lone");
        first.kill9();

        // With no node: api's PID 1 SIGKILLed (its reaper records the exit); side's reaper SIGKILLed (its PID 1
        // dies with it, no exit record: the process vanished).
        SandboxState api = before.get("shop-api-r1");
        SandboxState side = before.get("side");
        ProcessHandle.of(api.pid()).orElseThrow().destroyForcibly();
        ProcessHandle.of(side.reaperPid()).orElseThrow().destroyForcibly();
        NodeWorld.await("api's and side's processes gone", 30, () -> !ProcStat.alive(api.pid(), api.pidStartTicks())
                && !ProcStat.alive(side.pid(), side.pidStartTicks())
                && !ProcStat.alive(api.reaperPid(), api.reaperStartTicks()));

        w.node();
        NodeWorld.await("api healthy again and side running again", 60, () -> {
            Map<String, SandboxState> m = w.ts.sandboxes().list().stream().filter(s -> s.name() != null)
                    .collect(Collectors.toMap(SandboxState::name, s -> s, (a, b) -> a));
            return m.containsKey("shop-api-r1") && !m.get("shop-api-r1").id().equals(api.id())
                    && m.get("shop-api-r1").status() == Status.RUNNING && m.containsKey("side")
                    && !m.get("side").id().equals(side.id()) && m.get("side").status() == Status.RUNNING
                    && w.types("shop/api", 0).getLast().equals("workload.healthy");
        });
        Map<String, SandboxState> restored = w.byName();
        assertThat(restored.keySet()).containsExactlyInAnyOrder("shop-db-r1", "shop-api-r1", "side", "lone");
        assertThat(restored.get("shop-db-r1").id()).as("db adopted").isEqualTo(before.get("shop-db-r1").id());
        assertThat(restored.get("lone").id()).as("lone adopted").isEqualTo(before.get("lone").id());
        List<String> apiEvents = w.types("shop/api", 0);
        assertThat(apiEvents.subList(apiEvents.lastIndexOf("workload.exited"), apiEvents.size()))
                .containsExactly("workload.exited", "workload.backoff", "workload.starting", "workload.running",
                        "workload.healthy");
        List<String> sideEvents = w.types("adhoc/side", 0);
        assertThat(sideEvents.subList(sideEvents.lastIndexOf("workload.exited"), sideEvents.size()))
                .containsExactly("workload.exited", "workload.backoff", "workload.starting", "workload.running");
        assertThat(w.types("shop/db", 0)).endsWith("workload.healthy");
        assertThat(w.types("adhoc/lone", 0)).containsExactly("workload.running");

        // A live node notices a dead reaper on its own (the kernel tells it; a deadline, not a timing claim).
        long seen = w.lastEventId();
        SandboxState db = restored.get("shop-db-r1");
        SandboxState lone = restored.get("lone");
        ProcessHandle.of(db.reaperPid()).orElseThrow().destroyForcibly();
        ProcessHandle.of(lone.reaperPid()).orElseThrow().destroyForcibly();
        NodeWorld.await("the node saw db's and lone's reapers die", 5, () -> w.types("shop/db", seen)
                .contains("workload.exited") && w.types("adhoc/lone", seen).contains("workload.exited"));
        NodeWorld.await("db healthy again, lone running again", 60, () -> w.types("shop/db", seen)
                .contains("workload.healthy") && w.types("adhoc/lone", seen).contains("workload.running"));
        assertThat(w.types("shop/db", seen)).containsExactly("workload.exited", "workload.backoff",
                "workload.starting", "workload.running", "workload.healthy");
        assertThat(w.types("adhoc/lone", seen)).containsExactly("workload.exited", "workload.backoff",
                "workload.starting", "workload.running");
        Map<String, SandboxState> end = w.byName();
        assertThat(end.keySet()).containsExactlyInAnyOrder("shop-db-r1", "shop-api-r1", "side", "lone");
        assertThat(end.values()).allMatch(s -> s.status() == Status.RUNNING);
        w.assertNoLeaks();

        ok("undeploy", "shop");
        ok("rm", "-f", "side", "lone");
        assertThat(w.ts.sandboxes().list()).isEmpty();
        w.assertNoLeaks();
    }
}
