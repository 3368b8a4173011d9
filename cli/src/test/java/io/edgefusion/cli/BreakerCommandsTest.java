package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.cli.json.SchemaCheck;
import io.edgefusion.guardian.EvidenceSink;
import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.breaker.BreakerConfig;
import io.edgefusion.guardian.breaker.BreakerState;
import io.edgefusion.guardian.breaker.BreakerStore;
import io.edgefusion.guardian.breaker.Breakers;
import io.edgefusion.guardian.breaker.TripStore;
import io.edgefusion.guardian.check.CheckOutcome;
import io.edgefusion.node.NodeComponent;
import io.edgefusion.node.NodeDaemon;
import io.edgefusion.node.NodeOptions;
import io.edgefusion.node.NodeServices;
import io.edgefusion.node.NodeSetup;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.NodeApi;
import io.edgefusion.node.api.Peer;
import io.edgefusion.node.api.RouteTable;
import io.edgefusion.node.guard.BreakerRoutes;
import io.edgefusion.node.ui.DashboardComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breaker verbs against a real node in this JVM whose components are a breaker component of the test's
 * (the node's {@link BreakerRoutes} over a real {@link Breakers} in the node's database, opened by reporting
 * failures) and the dashboard (whose stub of {@code GET /v1/breakers} must then stay out).
 */
class BreakerCommandsTest {
    @TempDir
    Path root;

    private final ObjectMapper json = new ObjectMapper();
    private final SchemaCheck schemas = new SchemaCheck(Path.of("../docs/json"));
    private final TestBreakers component = new TestBreakers();
    private NodeDaemon node;

    /** The guardian's breakers as the node will run them; trips are persisted but never taken (no sandboxes). */
    static final class TestBreakers implements NodeComponent {
        final List<String> restarted = new CopyOnWriteArrayList<>();
        volatile Breakers breakers;

        @Override
        public String name() {
            return "test-breakers";
        }

        @Override
        public AutoCloseable start(NodeServices s) {
            var sql = s.database();
            breakers = new Breakers(new BreakerStore(sql), new TripStore(sql), null, EvidenceSink.NONE, s.clock(),
                    trip -> { });
            RouteTable.Route r = s.api().mount(BreakerRoutes.PREFIX, new BreakerRoutes(breakers, restarted::add));
            return r::close;
        }

        void open(String name) {
            for (int i = 0; i < BreakerConfig.DEFAULT_FAILURES; i++) {
                breakers.failed(new WorkloadRef(name, "2", "sandbox-" + i), new CheckOutcome.Failed("health",
                        "http", "GET :8080/healthz answered 503"));
            }
            assertThat(breakers.get(name).orElseThrow().state()).isEqualTo(BreakerState.OPEN);
        }
    }

    @BeforeEach
    void startNode() throws Exception {
        node = NodeDaemon.start(NodeOptions.ephemeral(root, new PrintStream(new ByteArrayOutputStream(), true)),
                NodeSetup.hosting(Main::run).withComponents(List.of(component, new DashboardComponent())));
        component.breakers.register("line-monitor/db", BreakerConfig.defaults());
        component.open("line-monitor/api");
    }

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static void ok(CliRun r, String out) {
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(out);
        assertThat(r.exitCode()).isZero();
    }

    private static void refused(CliRun r, String line) {
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("edgefusion: " + line + "\n");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
    }

    @Test
    void lsIsATableByNameAndWithJsonTheNodesDocumentAsIs() throws Exception {
        CliRun ls = CliRun.under(root, "breaker", "ls");
        assertThat(ls.err()).isEmpty();
        assertThat(ls.exitCode()).isZero();
        List<String> rows = ls.out().lines().toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).matches("NAME +STATE +FAILURES +SINCE +REASON");
        assertThat(rows.get(1)).matches("line-monitor/api +open +0 +\\d+s ago +3 failures within 30 s; last: health:"
                + " GET :8080/healthz answered 503");
        assertThat(rows.get(2)).matches("line-monitor/db +closed +0 +\\d+s ago");

        CliRun j = CliRun.under(root, "breaker", "ls", "--json");
        assertThat(j.exitCode()).as(j.err()).isZero();
        JsonNode doc = json.readTree(j.out());
        assertThat(doc.fieldNames().next()).isEqualTo("schema");
        assertThat(doc.get("schema").asText()).isEqualTo("edgefusion.breakers/v1");
        assertThat(schemas.problems("breakers.schema.json", doc)).as(doc.toPrettyString()).isEmpty();
        assertThat(doc).as("printed as the node answered it").isEqualTo(api("/v1/breakers"));
        JsonNode api = doc.get("breakers").get(0);
        assertThat(api.get("deployment").asText()).isEqualTo("line-monitor");
        assertThat(api.get("workload").asText()).isEqualTo("api");
        assertThat(api.get("openedAt").isTextual()).isTrue();
        assertThat(doc.get("breakers").get(1).get("openedAt").isNull()).isTrue();
    }

    @Test
    void resetClosesAnOpenBreakerHandsTheWorkloadOnAndRefusesAClosedOne() throws Exception {
        ok(CliRun.under(root, "breaker", "reset", "line-monitor/api"),
                "line-monitor/api: breaker closed (reset by an operator)\n");
        assertThat(component.breakers.get("line-monitor/api").orElseThrow().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(component.restarted).containsExactly("line-monitor/api");
        assertThat(CliRun.under(root, "breaker", "ls").out()).containsPattern("line-monitor/api +closed +0 +\\d+s ago"
                + " +reset by an operator");

        refused(CliRun.under(root, "breaker", "reset", "line-monitor/api"),
                "breaker of line-monitor/api is closed already");
        refused(CliRun.under(root, "breaker", "reset", "line-monitor/db"),
                "breaker of line-monitor/db is closed already");
        assertThat(component.restarted).as("a refused reset hands nothing on").containsExactly("line-monitor/api");

        component.open("line-monitor/api");
        CliRun j = CliRun.under(root, "breaker", "reset", "line-monitor/api", "--reason", "probe port fixed", "--json");
        assertThat(j.exitCode()).as(j.err()).isZero();
        JsonNode doc = json.readTree(j.out());
        assertThat(doc.fieldNames().next()).isEqualTo("schema");
        assertThat(doc.get("schema").asText()).isEqualTo("edgefusion.breaker/v1");
        assertThat(doc.get("name").asText()).isEqualTo("line-monitor/api");
        assertThat(doc.get("state").asText()).isEqualTo("closed");
        assertThat(doc.get("reason").asText()).isEqualTo("probe port fixed");
        assertThat(doc.get("openedAt").isNull()).isTrue();
        assertThat(component.restarted).containsExactly("line-monitor/api", "line-monitor/api");

        component.open("line-monitor/api");
        refused(CliRun.under(root, "breaker", "reset", "line-monitor/api", "--reason", " "),
                "reason: empty (leave it out for \"reset by an operator\")");
    }

    @Test
    void unknownAndBadNamesAreOneLineExit125() {
        refused(CliRun.under(root, "breaker", "reset", "line-monitor/nope"),
                "no breaker for workload line-monitor/nope");
        String rule = ": not a workload name (DEPLOYMENT/WORKLOAD as 'edgefusion breaker ls' shows it, e.g."
                + " line-monitor/api)";
        for (String bad : List.of("line-monitor", "line-monitor/", "/api", "a/b/c", "Line-Monitor/api", "../x")) {
            refused(CliRun.under(root, "breaker", "reset", bad), "breaker " + bad + rule);
        }
        refused(CliRun.under(root, "breaker", "reset"), "DEPLOYMENT/WORKLOAD is required (see 'edgefusion breaker"
                + " reset --help')");
        assertThat(component.restarted).isEmpty();
    }

    @Test
    void withNoNodeEachVerbSaysHowToStartOneAndANameIsCheckedFirst() {
        node.close();
        node = null;
        String line = "no node serves " + root + " (start one: edgefusion node --root " + root + ")";
        refused(CliRun.under(root, "breaker", "ls"), line);
        refused(CliRun.under(root, "breaker", "ls", "--json"), line);
        refused(CliRun.under(root, "breaker", "reset", "line-monitor/api"), line);
        assertThat(CliRun.under(root, "breaker", "reset", "nope").err()).startsWith("edgefusion: breaker nope: not a"
                + " workload name");
    }

    @Test
    void helpTeachesTheStatesAndWhatAResetDoes() {
        CliRun help = CliRun.of("breaker", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("closed -> open -> half-open", "Half-open: on"
                + " probation", "guardian.breaker", "'reset' closes an open or half-open breaker", "ls", "reset");
        assertThat(CliRun.of("breaker", "reset", "--help").out()).contains("DEPLOYMENT/WORKLOAD", "--reason=TEXT");
    }

    private JsonNode api(String path) throws Exception {
        ApiResponse r = NodeApi.find(root).orElseThrow().handle(new ApiRequest("GET", path, Map.of(), new byte[0],
                new Peer(ProcessHandle.current().pid(), 0, 0)));
        return json.readTree(((ApiResponse.Full) r).body());
    }
}
