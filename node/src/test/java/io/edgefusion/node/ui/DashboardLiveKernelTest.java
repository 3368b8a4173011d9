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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live dashboard, driven over DevTools ({@link DevToolsChromium}) against a real node (the guardian included)
 * with real busybox workloads: the page shows the deployment, its workloads' state and health, the revision and
 * live charts; then r2 crashes right after its rollout, and without a reload the page shows the guardian's work:
 * the tripped breaker, the evidence it signed, the rollback (r3 = r1's file) and a failed revision — and the same
 * after a reload.
 * Screenshots are kept in {@code node/target/surefire-reports/dashboard-*.png}.
 */
@KernelTest
class DashboardLiveKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UI = Duration.ofSeconds(60);

    private final TestSandboxes ts = new TestSandboxes();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final List<io.edgefusion.node.events.NodeEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Path work;
    private NodeDaemon node;
    private DevToolsChromium chrome;

    @BeforeEach
    void start() throws Exception {
        work = Files.createTempDirectory("edgefusion-dashboard-");
        List<NodeComponent> components = NodeComponents.builtIn();
        assertThat(components).as("the dashboard is a built-in component")
                .anyMatch(c -> c instanceof DashboardComponent);
        node = NodeDaemon.start(NodeOptions.ephemeral(ts.root(), new PrintStream(logBytes, true,
                StandardCharsets.UTF_8)), NodeSetup.defaults().withComponents(components));
        node.services().events().subscribe(events::add);
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
     * throttling) — or, {@code crash}, ends 2 s after it started — db sleeps. The probe runs in app's throttled
     * cgroup, hence its generous timeout.
     */
    private JsonNode deploy(int rev, boolean healthy) throws Exception {
        return deploy(rev, healthy, false);
    }

    private JsonNode deploy(int rev, boolean healthy, boolean crash) throws Exception {
        String yaml = """
                name: web
                guardian: {interval: 500ms, stable: 1s, prevent: off, breaker: {cooldown: 10m}}
                workloads:
                  - name: app
                    image: builtin:busybox
                    command: [sh, -c, "%s"]
                    env: {REVISION: "%d"}
                    resources: {memory: 32m, cpus: 0.2, pids: 16}
                    health: {exec: [%s], interval: 1s, timeout: 800ms, retries: 3}
                  - name: db
                    image: builtin:busybox
                    command: [sleep, "600"]
                    resources: {memory: 16m, pids: 8}
                """.formatted(crash ? "sleep 2; exit 3" : "trap 'exit 0' TERM; while :; do :; done", rev,
                healthy ? "\"true\"" : "\"false\"");
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
                .isEqualTo("closed"); // the guardian watches it: a breaker, closed
        assertThat(chrome.eval("document.getElementById('error').hidden").asBoolean()).isTrue();
        assertThat(chrome.text("document.getElementById('node-root').textContent")).isEqualTo(ts.root().toString());
        chrome.screenshot(reports().resolve("dashboard-deployed.png"));

        // r1 becomes known-good; r2 rolls out and crashes right after: the guardian opens web/app's breaker,
        // isolates r2, rolls back (r3 = r1's file), snapshots and removes r2. Then a faulty r4 fails its rollout.
        // The open page follows without a reload.
        awaitEvent("revision.known-good", "1");
        assertThat(deploy(2, true, true).get("status").asText()).isEqualTo("rolled-out");
        awaitEvent("trip.finished", null);
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
                .contains("open").contains("opened").contains("web/app ended");
        assertThat(chrome.text(row("tr[data-history=\"web\"][data-revision=\"3\"]") + ".dataset.status"))
                .isEqualTo("rolled-out");
        assertThat(chrome.text(row("tr[data-history=\"web\"][data-revision=\"3\"] td.detail") + ".textContent"))
                .isEqualTo("rollback of r1");
        assertThat(chrome.text(row("tr[data-history=\"web\"][data-revision=\"2\"]") + ".dataset.status"))
                .isEqualTo("rolled-back");
        assertThat(chrome.text(row("tr[data-deployment=\"web\"] td.latest") + ".dataset.status")).isEqualTo("failed");
        assertThat(chrome.text(row("tr[data-deployment=\"web\"] td.revision") + ".textContent")).isEqualTo("r3");
        chrome.waitFor("the evidence timeline with the trip's records, newest first",
                "(k => ['trip.finished', 'trip.remove.done', 'trip.snapshot.done', 'trip.rollback.done',"
                        + " 'trip.isolate.done', 'trip.opened', 'breaker.transition'].every((x, i, a) => k.includes(x)"
                        + " && (i === 0 || k.indexOf(a[i - 1]) < k.indexOf(x))))([...document.querySelectorAll("
                        + "'#evidence li')].map(li => li.dataset.kind))", UI);
        assertThat(chrome.text(row("#evidence li[data-kind=\"trip.rollback.done\"]") + ".textContent"))
                .contains("web/app").contains("rolled-back");
        chrome.waitFor("web/app r3 healthy", row("tr[data-workload=\"web/app\"][data-revision=\"3\"]")
                + ".dataset.state === 'healthy'", UI);
        chrome.waitFor("a chart of r3's app", "+" + row(".chart-card[data-workload=\"web/app\"]"
                + " canvas[data-series=\"cpu\"]") + ".dataset.points >= 2", UI);
    }

    /** Waits for the node's event {@code type} about web/app (with attribute revision {@code revision}, if given). */
    private void awaitEvent(String type, String revision) throws InterruptedException {
        long end = System.nanoTime() + UI.toNanos();
        while (events.stream().noneMatch(e -> e.type().equals(type) && e.subject().equals("web/app")
                && (revision == null || revision.equals(e.attributes().get("revision"))))) {
            assertThat(System.nanoTime()).as("waiting for " + type + "; events " + events).isLessThan(end);
            Thread.sleep(10); // a poll of collected events with a deadline, not a timing guess
        }
    }

    private static Path reports() {
        return Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("surefire-reports");
    }
}
