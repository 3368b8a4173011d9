package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deployments through a real node process and the real CLI (the thin client, so every command runs in the node):
 * a rollout in start order with tcp and http probes, the listing and history in text and JSON, a failing probe
 * (the revision fails, the previous one keeps running), a restart with backoff after a workload is SIGKILLed,
 * rollback to the previous and to a named revision, undeploy; bad deployment files; {@code run --restart}.
 */
@KernelTest
class NodeEndToEndKernelTest {
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

    private static String env(SandboxState s, String name) {
        return s.spec().env().get(name);
    }

    @Test
    void aDeploymentRollsOutFailsRestartsRollsBackAndIsRemovedThroughARealNode() throws Exception {
        w.node();
        w.file("shop.yaml", NodeWorld.shop("1", 8080));
        // A relative file: the caller's working directory, not the node's, resolves it.
        assertThat(ok("deploy", "-f", "shop.yaml").out()).isEqualTo("shop: revision 1 rolled out\n");
        Map<String, SandboxState> r1 = w.byName();
        assertThat(r1.keySet()).containsExactlyInAnyOrder("shop-db-r1", "shop-api-r1");
        assertThat(r1.values()).allMatch(s -> s.status() == Status.RUNNING && "1".equals(env(s, "MARKER")));
        // db first, healthy before api started.
        List<String> order = new ArrayList<>();
        for (JsonNode e : w.events()) {
            if (e.path("subject").asText().startsWith("shop/")) {
                order.add(e.path("subject").asText() + " " + e.path("type").asText());
            }
        }
        assertThat(order).containsSubsequence("shop/db workload.starting", "shop/db workload.running",
                "shop/db workload.healthy", "shop/api workload.starting", "shop/api workload.running",
                "shop/api workload.healthy");
        assertThat(order.indexOf("shop/db workload.healthy")).isLessThan(order.indexOf("shop/api workload.starting"));

        String table = ok("deployments").out();
        assertThat(table.lines().toList()).hasSize(2);
        assertThat(table.lines().toList().get(0)).startsWith("NAME").contains("REVISION", "STATUS", "WORKLOADS");
        assertThat(table.lines().toList().get(1)).startsWith("shop").contains(" 1 ", "rolled-out", "db,api");
        JsonNode list = w.json("deployments");
        assertThat(list.path("schema").asText()).isEqualTo("edgefusion.deployments/v1");
        assertThat(list.path("deployments")).hasSize(1);
        JsonNode shop = list.path("deployments").get(0);
        assertThat(shop.path("name").asText()).isEqualTo("shop");
        assertThat(shop.path("state").asText()).isEqualTo("active");
        assertThat(shop.path("revision").asInt()).isEqualTo(1);
        assertThat(shop.path("latest").path("status").asText()).isEqualTo("rolled-out");
        assertThat(shop.path("latest").path("path").asText()).isEqualTo(w.files.resolve("shop.yaml").toString());
        assertThat(shop.path("workloads").toString()).isEqualTo("[\"db\",\"api\"]");

        // A probe that never passes: revision 2 fails, revision 1 runs again; api r1 was never stopped.
        w.file("shop-bad.yaml", NodeWorld.shop("2", 9999));
        ThinClient.Result bad = w.cli.viaNode("deploy", "-f", "shop-bad.yaml");
        assertThat(bad.code()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("shop: revision 2 failed: api: health check failed 3 times\n");
        assertThat(bad.out()).isEmpty();
        Map<String, SandboxState> after = w.byName();
        assertThat(after.keySet()).containsExactlyInAnyOrder("shop-db-r1", "shop-api-r1");
        assertThat(after.get("shop-api-r1").id()).isEqualTo(r1.get("shop-api-r1").id());
        assertThat(after.values()).allMatch(s -> s.status() == Status.RUNNING && "1".equals(env(s, "MARKER")));
        JsonNode failed = w.json("deployments").path("deployments").get(0);
        assertThat(failed.path("revision").asInt()).isEqualTo(1);
        assertThat(failed.path("latest").path("revision").asInt()).isEqualTo(2);
        assertThat(failed.path("latest").path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("latest").path("reason").asText()).isEqualTo("api: health check failed 3 times");
        assertThat(ok("deployments").out().lines().toList().get(1)).contains("failed (revision 2)");

        // kill -9 of api's PID 1: exited, backoff, and running and healthy again in the same-named sandbox.
        SandboxState api = after.get("shop-api-r1");
        long mark = w.lastEventId();
        assertThat(ProcStat.alive(api.pid(), api.pidStartTicks())).isTrue();
        ProcessHandle.of(api.pid()).orElseThrow().destroyForcibly();
        NodeWorld.await("api restarted and healthy", 60, () -> w.types("shop/api", mark)
                .contains("workload.healthy"));
        assertThat(w.types("shop/api", mark)).containsExactly("workload.exited", "workload.backoff",
                "workload.starting", "workload.running", "workload.healthy");
        JsonNode backoff = w.events().stream().filter(e -> e.path("id").asLong() > mark
                && e.path("type").asText().equals("workload.backoff")).findFirst().orElseThrow();
        assertThat(backoff.path("attributes").path("delay").asText()).isEqualTo("PT0.3S");
        Map<String, SandboxState> restarted = w.byName();
        assertThat(restarted.keySet()).containsExactlyInAnyOrder("shop-db-r1", "shop-api-r1");
        assertThat(restarted.get("shop-api-r1").id()).isNotEqualTo(api.id());
        assertThat(restarted.get("shop-db-r1").id()).isEqualTo(after.get("shop-db-r1").id());

        // Revision 3, then rollback (to 1, as revision 4), then rollback --to 3 (as revision 5).
        w.file("shop.yaml", NodeWorld.shop("3", 8080));
        assertThat(ok("deploy", "-f", "shop.yaml").out()).isEqualTo("shop: revision 3 rolled out\n");
        assertThat(w.byName().keySet()).containsExactlyInAnyOrder("shop-db-r3", "shop-api-r3");
        assertThat(ok("rollback", "shop").out()).isEqualTo("shop: revision 4 (rollback to revision 1) rolled out\n");
        Map<String, SandboxState> r4 = w.byName();
        assertThat(r4.keySet()).containsExactlyInAnyOrder("shop-db-r4", "shop-api-r4");
        assertThat(r4.values()).allMatch(s -> "1".equals(env(s, "MARKER")));
        assertThat(ok("rollback", "shop", "--to", "3").out())
                .isEqualTo("shop: revision 5 (rollback to revision 3) rolled out\n");
        Map<String, SandboxState> r5 = w.byName();
        assertThat(r5.keySet()).containsExactlyInAnyOrder("shop-db-r5", "shop-api-r5");
        assertThat(r5.values()).allMatch(s -> s.status() == Status.RUNNING && "3".equals(env(s, "MARKER")));
        assertThat(ok("rollback", "shop", "--to", "5").out()).isEqualTo("shop: unchanged (revision 5 is rolled out)\n");

        JsonNode history = w.json("deployment", "history", "shop");
        assertThat(history.path("schema").asText()).isEqualTo("edgefusion.deployment.history/v1");
        assertThat(history.path("revision").asInt()).isEqualTo(5);
        List<String> statuses = new ArrayList<>();
        history.path("revisions").forEach(r -> statuses.add(r.path("revision").asInt() + " "
                + r.path("status").asText() + (r.path("rollbackOf").isInt() ? " of " + r.path("rollbackOf").asInt()
                : "")));
        assertThat(statuses).containsExactly("1 superseded", "2 failed", "3 rolled-back", "4 rolled-back of 1",
                "5 rolled-out of 3");
        List<String> text = ok("deployment", "history", "shop").out().lines().toList();
        assertThat(text).hasSize(6);
        assertThat(text.get(0)).startsWith("REVISION").contains("STATUS", "SOURCE", "REASON");
        assertThat(text.get(2)).contains("failed", "api: health check failed 3 times");
        assertThat(text.get(5)).contains("rolled-out", "rollback to 3");

        assertThat(ok("undeploy", "shop").out()).isEqualTo("shop: undeployed\n");
        assertThat(w.ts.sandboxes().list()).isEmpty();
        assertThat(w.json("deployments").path("deployments")).isEmpty();
        JsonNode removed = w.json("deployments", "-a").path("deployments").get(0);
        assertThat(removed.path("state").asText()).isEqualTo("removed");
        assertThat(removed.path("revision").isNull()).isTrue();
        w.assertNoLeaks();
    }

    /** Each bad file: exactly one {@code edgefusion: FILE:LINE:COL: ...} line, exit 125, and nothing changed. */
    @Test
    void badDeploymentFilesGiveOneLineExit125AndChangeNothing() throws Exception {
        w.node();
        w.file("shop.yaml", NodeWorld.shop("1", 8080));
        ok("deploy", "-f", "shop.yaml");
        Map<String, SandboxState> before = w.byName();
        String history = ok("deployment", "history", "shop", "--json").out();
        String list = ok("deployments", "--json").out();
        long events = w.lastEventId();

        String good = NodeWorld.shop("2", 8080);
        List<String[]> cases = List.of(
                new String[]{"misspelt key", good.replaceFirst("restart: \\{policy", "restart: {polcy"),
                        "bad.yaml:7:15: unknown key 'workloads[0].restart.polcy' (did you mean 'policy'?)"},
                new String[]{"misspelt policy", good.replaceFirst("policy: always", "policy: allways"),
                        "bad.yaml:7:23: 'workloads[0].restart.policy' must be one of no, on-failure, always, got"
                                + " 'allways' (did you mean 'always'?)"},
                new String[]{"yaml syntax", good.replace("env: {MARKER: \"2\"}", "env: {MARKER: \"2\""), null},
                new String[]{"after a missing workload", good.replace("after: [db]", "after: [dbb]"),
                        "bad.yaml:15:13: 'workloads[1].after' names 'dbb', which is not a workload of this"
                                + " deployment (did you mean 'db'?)"},
                new String[]{"a cycle", good.replace("    health: {tcp: 9000", "    after: [api]\n    health: {tcp: 9000"),
                        null},
                new String[]{"duplicate workload", good.replace("- name: api", "- name: db"), null},
                new String[]{"bare duration", good.replace("interval: 200ms, timeout: 150ms, retries: 25}",
                        "interval: 5, timeout: 150ms, retries: 25}"), null},
                new String[]{"two probes", good.replace("health: {tcp: 9000,", "health: {tcp: 9000, exec: [true],"),
                        null},
                new String[]{"memory", good.replaceFirst("    env:", "    resources: {memory: 1k}\n    env:"), null},
                new String[]{"no name", good.replace("name: shop\n", ""),
                        "bad.yaml:1:1: missing required key 'name'"},
                new String[]{"rootfs missing", good.replaceFirst("image: builtin:busybox", "rootfs: ./nowhere"),
                        null},
                new String[]{"two problems", good.replace("restart: {policy", "restart: {polcy")
                        .replace("after: [db]", "after: [dbb]"), null});
        for (String[] c : cases) {
            w.file("bad.yaml", c[1]);
            ThinClient.Result r = w.cli.viaNode("deploy", "-f", "bad.yaml");
            assertThat(r.code()).as(c[0] + "\n" + r).isEqualTo(125);
            assertThat(r.out()).as(c[0]).isEmpty();
            // The file as the caller's working directory resolves it.
            String file = w.files.resolve("bad.yaml").toString();
            assertThat(r.err()).as(c[0]).startsWith("edgefusion: " + file + ":").matches("edgefusion: [^:]+:\\d+:\\d+: [^\n]+\n");
            if (c[2] != null) {
                assertThat(r.err()).as(c[0]).isEqualTo("edgefusion: " + file + c[2].substring("bad.yaml".length())
                        + "\n");
            }
        }
        assertThat(ok("deployment", "history", "shop", "--json").out()).isEqualTo(history);
        assertThat(ok("deployments", "--json").out()).isEqualTo(list);
        assertThat(w.lastEventId()).isEqualTo(events);
        Map<String, SandboxState> after = w.byName();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, s) -> assertThat(after.get(name).id()).isEqualTo(s.id()));
        w.assertNoLeaks();
    }

    @Test
    void runRestartOnFailureRestartsTwiceThroughTheNodeAndNeedsANode() throws Exception {
        // No node: one line, exit 125, nothing made.
        ThinClient.Result none = w.cli.any("run", "-d", "--restart", "on-failure:2", "--name", "flaky",
                "builtin:busybox", "--", "sh", "-c", "exit 3");
        assertThat(none.code()).as(none.toString()).isEqualTo(125);
        assertThat(none.err()).isEqualTo("edgefusion: --restart on-failure:2: no node serves " + w.root()
                + " (start one with edgefusion --root " + w.root() + " node): restarts are the node's\n");
        assertThat(none.out()).isEmpty();
        assertThat(w.ts.sandboxes().list()).isEmpty();
        w.assertNoLeaks();

        w.node();
        ThinClient.Result r = ok("run", "-d", "--restart", "on-failure:2", "--name", "flaky", "builtin:busybox",
                "--", "sh", "-c", "exit 3");
        assertThat(r.out()).matches("[0-9a-f]{64}\n");
        NodeWorld.await("two restarts, then it stays exited", 60, () -> w.types("adhoc/flaky", 0).stream()
                .filter("workload.exited"::equals).count() == 3);
        assertThat(w.types("adhoc/flaky", 0)).containsExactly("workload.running",
                "workload.exited", "workload.backoff", "workload.starting", "workload.running",
                "workload.exited", "workload.backoff", "workload.starting", "workload.running",
                "workload.exited");
        Map<String, SandboxState> s = w.byName();
        assertThat(s.keySet()).containsExactly("flaky");
        NodeWorld.await("its exit recorded", 30, () -> w.ts.sandboxes().inspect("flaky").status() == Status.EXITED);
        assertThat(w.ts.sandboxes().inspect("flaky").exitCode()).isEqualTo(3);
        ok("rm", "-f", "flaky");
        w.assertNoLeaks();
    }
}
