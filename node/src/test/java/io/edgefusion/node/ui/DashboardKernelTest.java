package io.edgefusion.node.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.testing.KernelTest;
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
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium against a real in-process node with a real busybox workload deployed
 * through the API: the rendered DOM shows the deployment, its workload's state, its revision and a chart; after a
 * failing revision and a reload, the history shows that revision failed. The screenshot is kept in
 * {@code node/target/dashboard.png}.
 */
@KernelTest
class DashboardKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UI = Duration.ofSeconds(120);

    private final TestSandboxes ts = new TestSandboxes();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private Path work;
    private NodeDaemon node;
    private Chromium chrome;

    @BeforeEach
    void start() throws Exception {
        work = Files.createTempDirectory("edgefusion-dashboard-");
        node = NodeDaemon.start(NodeOptions.ephemeral(ts.root(), new PrintStream(logBytes, true,
                StandardCharsets.UTF_8)), NodeSetup.defaults());
        chrome = new Chromium(work);
    }

    @AfterEach
    void stop() {
        try (ts) {
            try {
                if (node != null) {
                    node.close();
                }
            } finally {
                io.edgefusion.kernel.sys.TreeRemoval.remove(work);
            }
        }
    }

    private String page() {
        var a = node.apiAddress().orElseThrow();
        return "http://" + a.getHostString() + ":" + a.getPort() + "/";
    }

    /** Deploys revision {@code rev} of {@code web} through the API; a failing one's health probe always fails. */
    private JsonNode deploy(int rev, boolean healthy) throws Exception {
        String yaml = """
                name: web
                workloads:
                  - name: app
                    image: builtin:busybox
                    command: [sleep, "600"]
                    env: {REVISION: "%d"}
                    resources: {memory: 32m, cpus: 0.5, pids: 16}
                %s""".formatted(rev, healthy ? "" : "    health: {exec: [\"false\"], interval: 1s, retries: 1}\n");
        Path file = work.resolve("web.yaml");
        Files.writeString(file, yaml);
        String body = JSON.createObjectNode().put("path", file.toString()).put("text", yaml).toString();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(page() + "v1/deployments"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST /v1/deployments: " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("revision");
    }

    /** Whether the DOM has an element with {@code tag} whose attributes include each {@code name="value"}. */
    private static boolean has(String dom, String tag, String... attributes) {
        var m = Pattern.compile("<" + tag + "\\b[^>]*>").matcher(dom);
        while (m.find()) {
            String t = m.group();
            boolean all = true;
            for (String a : attributes) {
                all &= t.contains(a);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    @Test
    void thePageShowsTheDeployedWorkloadAndAfterAReloadTheFailedRevision() throws Exception {
        assertThat(deploy(1, true).get("status").asText()).isEqualTo("rolled-out");

        String dom = chrome.dumpUntil("web r1 running with a chart", page(), d ->
                has(d, "tr", "data-workload=\"web/app\"", "data-revision=\"1\"", "data-state=\"running\"")
                        && has(d, "div", "class=\"chart-card\"", "data-workload=\"web/app\""), UI);
        assertThat(has(dom, "tr", "data-deployment=\"web\"")).as("the deployment row").isTrue();
        assertThat(has(dom, "td", "class=\"latest\"", "data-status=\"rolled-out\"")).as("r1 rolled out").isTrue();
        assertThat(has(dom, "tr", "data-history=\"web\"", "data-revision=\"1\"", "data-status=\"rolled-out\""))
                .as("r1 in the history").isTrue();
        assertThat(has(dom, "canvas", "class=\"chart\"", "data-series=\"cpu\"")).as("a CPU chart").isTrue();
        assertThat(has(dom, "p", "id=\"error\"", "hidden")).as("no error banner").isTrue();
        Path shot = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("dashboard.png");
        chrome.screenshot(page(), shot, 1280, 900);
        assertThat(Files.size(shot)).isPositive();

        JsonNode failed = deploy(2, false);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        // A new browser run is a reload: the page reads the node afresh.
        String after = chrome.dumpUntil("r2 failed in the history", page(), d ->
                has(d, "tr", "data-history=\"web\"", "data-revision=\"2\"", "data-status=\"failed\""), UI);
        assertThat(has(after, "tr", "data-history=\"web\"", "data-revision=\"1\"", "data-status=\"rolled-out\""))
                .as("r1 still what runs").isTrue();
        assertThat(has(after, "td", "class=\"latest\"", "data-status=\"failed\"")).as("latest r2 failed").isTrue();
        assertThat(has(after, "tr", "data-workload=\"web/app\"", "data-revision=\"1\"")).as("r1's app kept running")
                .isTrue();
    }
}
