package io.edgefusion.node.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.NodeComponent;
import io.edgefusion.node.NodeComponents;
import io.edgefusion.node.NodeDaemon;
import io.edgefusion.node.NodeOptions;
import io.edgefusion.node.NodeSetup;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live dashboard, driven over DevTools ({@link DevToolsChromium}) against a real node with real busybox workloads: the page shows the
 * deployment, its workloads' state and health, the revision and live charts; then, without a reload, the tripped
 * breaker, the evidence the breaker signed, the rollback and a failed revision — and the same after a reload.
 * Screenshots are kept in {@code node/target/surefire-reports/dashboard-*.png}.
 */
@KernelTest
class DashboardLiveKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UI = Duration.ofSeconds(60);

    private final TestSandboxes ts = new TestSandboxes();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final FakeBreakers breakers = new FakeBreakers();
    private Path work;
    private NodeDaemon node;
    private DevToolsChromium chrome;

    @BeforeEach
    void start() throws Exception {
        work = Files.createTempDirectory("edgefusion-dashboard-");
        // The fake stands in for the guardian's breakers here (its states are set by hand); the real guardian's
        // trip is on the page in GuardianDashboardKernelTest.
        List<NodeComponent> components = new ArrayList<>(NodeComponents.builtIn().stream()
                .filter(c -> !(c instanceof io.edgefusion.node.guard.GuardianComponent)).toList());
        int dashboard = components.stream().map(c -> c instanceof DashboardComponent).toList().indexOf(true);
        assertThat(dashboard).as("the dashboard is a built-in component").isNotNegative();
        components.add(dashboard, breakers);
        node = NodeDaemon.start(NodeOptions.ephemeral(ts.root(), new PrintStream(logBytes, true,
                StandardCharsets.UTF_8)), NodeSetup.defaults().withComponents(components));
        chrome = DevToolsChromium.start(work, 1280, 900);
    }

    @AfterEach
    void stop() {
        try (ts) {
            try {
                if (chrome != null) {
                    chrome.close();
                }
            } finally {
                if (node != null) {
                    node.close();
                }
                io.edgefusion.kernel.sys.TreeRemoval.remove(work);
            }
        }
    }

    private String base() {
        var a = node.apiAddress().orElseThrow();
        return "http://" + a.getHostString() + ":" + a.getPort();
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /**
     * Deploys revision {@code rev} of {@code web}: app burns CPU under a 0.2 CPU quota (so the charts show use and
     * throttling), db sleeps. The probe runs in app's throttled cgroup, hence its generous timeout.
     */
    private JsonNode deploy(int rev, boolean healthy) throws Exception {
        String yaml = """
                name: web
                workloads:
                  - name: app
                    image: builtin:busybox
                    command: [sh, -c, "while :; do :; done"]
                    env: {REVISION: "%d"}
                    resources: {memory: 32m, cpus: 0.2, pids: 16}
                    health: {exec: [%s], interval: 1s, timeout: 800ms, retries: 3}
                  - name: db
                    image: builtin:busybox
                    command: [sleep, "600"]
                    resources: {memory: 16m, pids: 8}
                """.formatted(rev, healthy ? "\"true\"" : "\"false\"");
        Path file = work.resolve("web.yaml");
        Files.writeString(file, yaml);
        String body = JSON.createObjectNode().put("path", file.toString()).put("text", yaml).toString();
        return call("POST", "/v1/deployments", body).get("revision");
    }

    private static String row(String selector) {
        return "document.querySelector('" + selector + "')";
    }

    @Test
    void thePageShowsTheWorkloadLiveThenTheTrippedBreakerTheEvidenceAndTheRollback() throws Exception {
        assertThat(deploy(1, true).get("status").asText()).isEqualTo("rolled-out");
        chrome.navigate(base() + "/");

        // The deployed workload: deployment, workload state and health, revision, live charts with data.
        chrome.waitFor("deployment web rolled out at r1", row("tr[data-deployment=\"web\"] td.latest")
                + ".dataset.status === 'rolled-out'", UI);
        chrome.waitFor("web/app r1 healthy", row("tr[data-workload=\"web/app\"][data-revision=\"1\"]")
                + ".dataset.state === 'healthy'", UI);
        assertThat(chrome.text(row("tr[data-workload=\"web/app\"] td.health") + ".textContent")).isEqualTo("healthy");
        assertThat(chrome.text(row("tr[data-workload=\"web/db\"] td.state") + ".textContent")).isIn("running",
                "healthy");
        assertThat(chrome.text(row("tr[data-history=\"web\"][data-revision=\"1\"]") + ".dataset.status"))
                .isEqualTo("rolled-out");
        String cpu = ".chart-card[data-workload=\"web/app\"] canvas[data-series=\"cpu\"]";
        String mem = ".chart-card[data-workload=\"web/app\"] canvas[data-series=\"memory\"]";
        String thr = ".chart-card[data-workload=\"web/app\"] canvas[data-series=\"throttling\"]";
        chrome.waitFor("CPU, memory and throttling charts of web/app with readings", "+" + row(cpu)
                + ".dataset.points >= 5 && +" + row(mem) + ".dataset.points >= 5 && +" + row(thr)
                + ".dataset.points >= 4", UI);
        assertThat(Double.parseDouble(chrome.text(row(cpu) + ".dataset.last"))).isBetween(0.0, 100.0 * 64);
        assertThat(Double.parseDouble(chrome.text(row(mem) + ".dataset.last"))).isPositive().isLessThan(32.0);
        assertThat(chrome.eval(row(cpu) + ".width").asInt()).isPositive();
        assertThat(chrome.text(row("tr[data-workload=\"web/app\"] td.breaker") + ".dataset.breakerState"))
                .isEqualTo("none");
        assertThat(chrome.eval("document.getElementById('error').hidden").asBoolean()).isTrue();
        assertThat(chrome.text("document.getElementById('node-root').textContent")).isEqualTo(ts.root().toString());
        chrome.screenshot(reports().resolve("dashboard-deployed.png"));

        // r2 rolls out; its checks then fail, the breaker opens, the deployment is rolled back (r3 = r1's file),
        // and a faulty r4 fails its rollout. The open page follows without a reload.
        assertThat(deploy(2, true).get("status").asText()).isEqualTo("rolled-out");
        breakers.record("check.failed", "web/app", Map.of("check", "health", "revision", 2,
                "reason", "health probe exec [true] timed out 3 times"));
        breakers.set("web", "app", "open", 3, "health failed 3 times in 10s", "breaker.opened",
                Map.of("revision", 2, "reason", "health failed 3 times in 10s"));
        JsonNode rollback = call("POST", "/v1/deployments/web/rollback", "").get("revision");
        assertThat(rollback.get("status").asText()).isEqualTo("rolled-out");
        assertThat(rollback.get("rollbackOf").asInt()).isEqualTo(1);
        breakers.record("breaker.rolled-back", "web/app", Map.of("from", 2, "to", 3,
                "reason", "rolled back to r1's file as r3"));
        assertThat(deploy(4, false).get("status").asText()).isEqualTo("failed");

        assertShowsBreakerAndRollback();
        chrome.screenshot(reports().resolve("dashboard-breaker-live.png"));

        chrome.reload();
        assertShowsBreakerAndRollback();
        chrome.screenshot(reports().resolve("dashboard-screenshot.png"));
        assertThat(chrome.problems()).as("console errors, exceptions, CSP violations").isEmpty();
    }

    private void assertShowsBreakerAndRollback() throws Exception {
        chrome.waitFor("the breaker of web/app open", row("tr[data-workload=\"web/app\"][data-revision=\"3\"]"
                + " td.breaker") + ".dataset.breakerState === 'open'", UI);
        chrome.waitFor("r4 failed in the history", row("tr[data-history=\"web\"][data-revision=\"4\"]")
                + ".dataset.status === 'failed'", UI);
        assertThat(chrome.text(row("tr[data-workload=\"web/app\"] td.breaker") + ".textContent"))
                .contains("open").contains("3 failures").contains("health failed 3 times in 10s");
        assertThat(chrome.text(row("tr[data-history=\"web\"][data-revision=\"3\"]") + ".dataset.status"))
                .isEqualTo("rolled-out");
        assertThat(chrome.text(row("tr[data-history=\"web\"][data-revision=\"3\"] td.detail") + ".textContent"))
                .isEqualTo("rollback of r1");
        assertThat(chrome.text(row("tr[data-history=\"web\"][data-revision=\"2\"]") + ".dataset.status"))
                .isEqualTo("rolled-back");
        assertThat(chrome.text(row("tr[data-deployment=\"web\"] td.latest") + ".dataset.status")).isEqualTo("failed");
        assertThat(chrome.text(row("tr[data-deployment=\"web\"] td.revision") + ".textContent")).isEqualTo("r3");
        chrome.waitFor("the evidence timeline with the breaker's records",
                "[...document.querySelectorAll('#evidence li')].map(li => li.dataset.kind).join(',')"
                        + " === 'breaker.rolled-back,breaker.opened,check.failed'", UI);
        assertThat(chrome.text(row("#evidence li[data-kind=\"breaker.opened\"]") + ".textContent"))
                .contains("web/app").contains("health failed 3 times in 10s");
        chrome.waitFor("web/app r3 healthy", row("tr[data-workload=\"web/app\"][data-revision=\"3\"]")
                + ".dataset.state === 'healthy'", UI);
        chrome.waitFor("a chart of r3's app", "+" + row(".chart-card[data-workload=\"web/app\"]"
                + " canvas[data-series=\"cpu\"]") + ".dataset.points >= 2", UI);
    }

    private static Path reports() {
        return Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("surefire-reports");
    }
}
