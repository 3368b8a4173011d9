package io.edgefusion.node.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.node.NodeDaemon;
import io.edgefusion.node.NodeOptions;
import io.edgefusion.node.NodeSetup;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.Peer;
import io.edgefusion.node.http.SocketApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's files and reads over the API listener and the socket, on a node without workloads. */
class DashboardRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private NodeDaemon node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private void start(NodeSetup setup) throws Exception {
        node = NodeDaemon.start(NodeOptions.ephemeral(root, log), setup);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + hostPort() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String hostPort() {
        var a = node.apiAddress().orElseThrow();
        return a.getHostString() + ":" + a.getPort();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void thePageAndItsFilesComeFromTheJarWithTypesCachingAndAStrictPolicy() throws Exception {
        start(NodeSetup.bare().withComponents(List.of(new DashboardComponent())));
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .startsWith("default-src 'self';").contains("script-src 'self';").contains("object-src 'none'")
                .doesNotContain("unsafe");
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(page.body()).contains("<title>EdgeFusion node</title>");
        assertThat(get("/ui/").body()).isEqualTo(page.body());

        // Everything the page references is served here and nowhere else: no CDN, no inline script or style.
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        int n = 0;
        while (refs.find()) {
            String ref = refs.group(1);
            assertThat(ref).as("a file the page loads").startsWith("/ui/");
            assertThat(get(ref).statusCode()).as(ref).isEqualTo(200);
            n++;
        }
        assertThat(n).isEqualTo(3);
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=").doesNotContain("<style");
        for (String f : UiAssets.FILES) {
            // (an SVG names its XML namespace with a URL; that loads nothing)
            assertThat(get("/ui/" + f).body().replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
                    .as(f).doesNotContain("http://").doesNotContain("https://");
        }

        Map<String, String> types = Map.of("dashboard.js", "text/javascript; charset=utf-8", "charts.js",
                "text/javascript; charset=utf-8", "dashboard.css", "text/css; charset=utf-8", "icon.svg",
                "image/svg+xml");
        for (var t : types.entrySet()) {
            HttpResponse<String> r = get("/ui/" + t.getKey());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue(t.getValue());
            String etag = r.headers().firstValue("etag").orElseThrow();
            assertThat(etag).matches("\"[0-9a-f]{32}\"");
            HttpResponse<String> again = get("/ui/" + t.getKey(), "If-None-Match", etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(get("/ui/" + t.getKey(), "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> missing = get("/ui/nothing.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("no dashboard file /ui/nothing.js");
        // Only the listed files exist: no path reaches anything else in the jar.
        assertThat(get("/ui/..%2Fversion.properties").statusCode()).isEqualTo(404);
        assertThat(get("/ui/ui/index.html").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/ui/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/ui/dashboard.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);

        // The socket serves the same page, and passes the browser's validator through as well.
        SocketApiClient socket = new SocketApiClient(root.resolve("node.sock"));
        ApiResponse viaSocket = socket.handle(new ApiRequest("GET", "/", Map.of(), new byte[0], Peer.REMOTE));
        assertThat(viaSocket.status()).isEqualTo(200);
        assertThat(viaSocket.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(((ApiResponse.Full) viaSocket).body(), StandardCharsets.UTF_8)).isEqualTo(page.body());
        String etag = page.headers().firstValue("etag").orElseThrow();
        assertThat(socket.handle(new ApiRequest("GET", "/", Map.of(), new byte[0], Peer.REMOTE,
                Map.of("if-none-match", etag))).status()).isEqualTo(304);
        assertThat(socket.handle(new ApiRequest("GET", "/v1/node", Map.of(), new byte[0], Peer.REMOTE)).status())
                .isEqualTo(200);
    }

    @Test
    void withoutBreakerEvidenceOrWorkloadsTheReadsAnswerEmptyLists() throws Exception {
        start(NodeSetup.bare().withComponents(List.of(new DashboardComponent())));
        JsonNode breakers = json(get("/v1/breakers"));
        assertThat(breakers.toString()).isEqualTo("{\"schema\":\"edgefusion.breakers/v1\",\"breakers\":[]}");
        assertThat(json(get("/v1/evidence")).toString())
                .isEqualTo("{\"schema\":\"edgefusion.evidence.ls/v1\",\"records\":[]}");
        assertThat(json(get("/v1/workloads")).toString())
                .isEqualTo("{\"schema\":\"edgefusion.workloads/v1\",\"workloads\":[]}");
    }

    @Test
    void evidenceComesFromTheNodesLogNewestLimitedOldestFirst() throws Exception {
        FakeBreakers breakers = new FakeBreakers();
        start(NodeSetup.bare().withComponents(List.of(breakers, new DashboardComponent())));
        for (int i = 1; i <= 5; i++) {
            breakers.record("check.failed", "web/app", Map.of("check", "health", "reason", "probe " + i));
        }
        JsonNode all = json(get("/v1/evidence"));
        assertThat(all.get("schema").asText()).isEqualTo("edgefusion.evidence.ls/v1");
        assertThat(all.get("records").findValuesAsText("seq")).containsExactly("1", "2", "3", "4", "5");
        JsonNode two = json(get("/v1/evidence?limit=2"));
        assertThat(two.get("records").findValuesAsText("seq")).containsExactly("4", "5");
        assertThat(two.get("records").get(1).get("payload").get("reason").asText()).isEqualTo("probe 5");
        assertThat(two.get("records").get(1).get("subject").asText()).isEqualTo("web/app");
        assertThat(json(get("/v1/evidence?since=1h&subject=web/app")).get("records")).hasSize(5);
        assertThat(json(get("/v1/evidence?subject=other/x")).get("records")).isEmpty();
        assertThat(json(get("/v1/evidence?since=2999-01-01T00:00:00Z")).get("records")).isEmpty();

        HttpResponse<String> badLimit = get("/v1/evidence?limit=0");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(json(badLimit).get("error").asText()).isEqualTo("limit '0': expected a count from 1 to 10000");
        HttpResponse<String> badSince = get("/v1/evidence?since=yesterday");
        assertThat(badSince.statusCode()).isEqualTo(400);
        assertThat(json(badSince).get("error").asText()).startsWith("since: time 'yesterday': expected RFC 3339");
        // The fake breaker answers /v1/breakers: the dashboard's stub stayed out.
        assertThat(json(get("/v1/breakers")).get("breakers")).isEmpty();
    }
}
