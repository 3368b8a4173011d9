package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.cli.json.SchemaCheck;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.api.NodeApi;
import io.edgefusion.node.deploy.Deployment;
import io.edgefusion.node.deploy.DeploymentService;
import io.edgefusion.node.deploy.Revisions;
import io.edgefusion.node.deploy.Rollouts;
import io.edgefusion.node.store.NodeDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployment verbs in-process against a node's deployment routes, with a fake for the supervisor. */
class DeploymentCommandsTest {
    @TempDir
    Path root;

    private final List<Integer> applied = new CopyOnWriteArrayList<>();
    private final List<String> removed = new CopyOnWriteArrayList<>();
    private volatile Rollouts.Outcome outcome = new Rollouts.Outcome.RolledOut();
    private final SchemaCheck schemas = new SchemaCheck(Path.of("../docs/json"));
    private final ObjectMapper json = new ObjectMapper();
    private NodeDatabase db;
    private DeploymentService service;
    private NodeApi.Registration node;
    private Path file;

    @BeforeEach
    void startNode() throws Exception {
        db = NodeDatabase.open(new NodePaths(root));
        Rollouts fake = new Rollouts() {
            @Override
            public Outcome apply(Deployment deployment, int revision) {
                applied.add(revision);
                return outcome;
            }

            @Override
            public void remove(String name) {
                removed.add(name);
            }
        };
        service = new DeploymentService(new Revisions(db, InstantSource.system()), fake, e -> { }, InstantSource.system());
        node = NodeApi.register(root, service.routes());
        file = root.resolve("line-monitor.yaml");
        write("demo/api:1");
    }

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
        db.close();
    }

    private void write(String image) throws Exception {
        Files.writeString(file, """
                name: line-monitor
                workloads:
                  - name: api
                    image: %s
                    restart: {policy: always}
                """.formatted(image));
    }

    private static void ok(CliRun r, String out) {
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(out);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void deployRedeployFailRollbackHistoryAndUndeploy() throws Exception {
        ok(CliRun.under(root, "deploy", "-f", file.toString()), "line-monitor: revision 1 rolled out\n");
        ok(CliRun.under(root, "deploy", "-f", file.toString()), "line-monitor: unchanged (revision 1 is rolled out)\n");
        write("demo/api:2");
        ok(CliRun.under(root, "deploy", "-f", file.toString()), "line-monitor: revision 2 rolled out\n");
        write("demo/api:3");
        outcome = new Rollouts.Outcome.Failed("api: health check failed 3 times");
        CliRun failed = CliRun.under(root, "deploy", "-f", file.toString());
        assertThat(failed.out()).isEmpty();
        assertThat(failed.err()).isEqualTo("line-monitor: revision 3 failed: api: health check failed 3 times\n");
        assertThat(failed.exitCode()).isEqualTo(1);
        outcome = new Rollouts.Outcome.RolledOut();
        ok(CliRun.under(root, "rollback", "line-monitor"),
                "line-monitor: revision 4 (rollback to revision 1) rolled out\n");
        ok(CliRun.under(root, "rollback", "line-monitor", "--to", "2"),
                "line-monitor: revision 5 (rollback to revision 2) rolled out\n");
        assertThat(applied).containsExactly(1, 2, 3, 4, 5);

        CliRun list = CliRun.under(root, "deployments");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().toList()).hasSize(2);
        assertThat(list.out().lines().findFirst().orElseThrow()).matches("NAME +REVISION +STATUS +WORKLOADS +UPDATED");
        assertThat(list.out().lines().skip(1).findFirst().orElseThrow()).matches("line-monitor +5 +rolled-out +api +\\d+s ago");

        CliRun history = CliRun.under(root, "deployment", "history", "line-monitor");
        assertThat(history.exitCode()).as(history.err()).isZero();
        List<String> rows = history.out().lines().toList();
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).matches("REVISION +STATUS +CREATED +SOURCE +REASON");
        assertThat(rows.get(1)).matches("1 +superseded +\\d+s ago +" + file);
        assertThat(rows.get(3)).matches("3 +failed +\\d+s ago +" + file + " +api: health check failed 3 times");
        assertThat(rows.get(5)).matches("5 +rolled-out +\\d+s ago +rollback to 2");

        JsonNode docs = valid("deployments", CliRun.under(root, "deployments", "--json"));
        assertThat(docs.path("deployments").get(0).path("revision").asInt()).isEqualTo(5);
        JsonNode h = valid("deployment.history", CliRun.under(root, "deployment", "history", "line-monitor", "--json"));
        assertThat(h.path("revisions").findValuesAsText("status")).containsExactly("superseded", "rolled-back",
                "failed", "rolled-back", "rolled-out");

        ok(CliRun.under(root, "undeploy", "line-monitor"), "line-monitor: undeployed\n");
        assertThat(removed).containsExactly("line-monitor");
        ok(CliRun.under(root, "deployments"), "NAME  REVISION  STATUS  WORKLOADS  UPDATED\n");
        assertThat(CliRun.under(root, "deployments", "-a").out()).contains("removed");
        valid("deployments", CliRun.under(root, "deployments", "-a", "--json"));
        CliRun again = CliRun.under(root, "undeploy", "line-monitor");
        assertThat(again.exitCode()).isEqualTo(125);
        assertThat(again.err()).isEqualTo("edgefusion: cannot undeploy line-monitor: it was undeployed (deploy it"
                + " again with edgefusion deploy -f FILE)\n");
    }

    @Test
    void aBadFileIsOneLineExit125AndNothingIsSent() throws Exception {
        Files.writeString(file, """
                name: line-monitor
                workloads:
                  - name: api
                    image: demo/api:1
                    restart: {policy: allways}
                """);
        CliRun r = CliRun.under(root, "deploy", "-f", file.toString());
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("edgefusion: " + file + ":5:23: 'workloads[0].restart.policy' must be one of no,"
                + " on-failure, always, got 'allways' (did you mean 'always'?)\n");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(applied).isEmpty();
        assertThat(service.list(true)).isEmpty();

        node.close();
        node = null;
        CliRun noNode = CliRun.under(root, "deploy", "-f", file.toString());
        assertThat(noNode.err()).as("checked before looking for a node").isEqualTo(r.err());
        CliRun missing = CliRun.under(root, "deploy", "-f", root.resolve("nope.yaml").toString());
        assertThat(missing.err()).isEqualTo("edgefusion: " + root.resolve("nope.yaml") + ": no such file\n");
        assertThat(missing.exitCode()).isEqualTo(125);
    }

    @Test
    void dryRunListsEveryProblemAndNeedsNoNode() throws Exception {
        node.close();
        node = null;
        ok(CliRun.under(root, "deploy", "--dry-run", "-f", file.toString()),
                file + ": ok (deployment line-monitor, 1 workload: api)\n");
        Files.writeString(file, """
                name: line-monitor
                workloads:
                  - name: api
                    image: demo/api:1
                    resources: {memory: 1k, pids: 0}
                """);
        CliRun r = CliRun.under(root, "deploy", "--dry-run", "-f", file.toString());
        assertThat(r.out()).isEqualTo(file + ":5:25: 'workloads[0].resources.memory' 1k: below the minimum 6m\n"
                + file + ":5:35: 'workloads[0].resources.pids' must be at least 1, got 0\n");
        assertThat(r.exitCode()).isEqualTo(1);
        CliRun deploy = CliRun.under(root, "deploy", "-f", file.toString());
        assertThat(deploy.err()).isEqualTo("edgefusion: " + file + ":5:25: 'workloads[0].resources.memory' 1k: below"
                + " the minimum 6m (and 1 more problem; list them with 'edgefusion deploy --dry-run -f " + file + "')\n");
    }

    @Test
    void withNoNodeEachVerbSaysHowToStartOne() {
        node.close();
        node = null;
        String line = "edgefusion: no node serves " + root + " (start one: edgefusion node --root " + root + ")\n";
        for (String[] args : List.of(new String[] {"deploy", "-f", file.toString()}, new String[] {"deployments"},
                new String[] {"deployment", "history", "line-monitor"}, new String[] {"rollback", "line-monitor"},
                new String[] {"undeploy", "line-monitor"})) {
            CliRun r = CliRun.under(root, args);
            assertThat(r.err()).as(String.join(" ", args)).isEqualTo(line);
            assertThat(r.out()).isEmpty();
            assertThat(r.exitCode()).isEqualTo(125);
        }
    }

    @Test
    void unknownDeploymentsAndBadNamesAreOneLine() {
        CliRun r = CliRun.under(root, "deployment", "history", "nope");
        assertThat(r.err()).isEqualTo("edgefusion: no deployment nope\n");
        assertThat(r.exitCode()).isEqualTo(125);
        CliRun bad = CliRun.under(root, "rollback", "../x");
        assertThat(bad.err()).isEqualTo("edgefusion: deployment ../x: not a deployment name (1 to 50 of a-z, 0-9 and"
                + " '-', starting and ending with a letter or digit)\n");
        assertThat(CliRun.under(root, "rollback", "nope", "--to", "0").err())
                .isEqualTo("edgefusion: --to 0: a revision is a number from 1\n");
    }

    private JsonNode valid(String name, CliRun r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = json.readTree(r.out());
        assertThat(doc.fieldNames().next()).isEqualTo("schema");
        assertThat(doc.path("schema").asText()).isEqualTo("edgefusion." + name + "/v1");
        assertThat(schemas.problems(name + ".schema.json", doc)).as(doc.toPrettyString()).isEmpty();
        return doc;
    }
}
