package io.edgefusion.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.NodeApi;
import io.edgefusion.node.api.Peer;
import io.edgefusion.node.http.SocketApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The node in this JVM on a temp root: lock, socket, listeners, routes, a profile's modules. */
class NodeDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final List<NodeDaemon> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(NodeDaemon::close);
    }

    private NodeDaemon start(NodeOptions o, NodeSetup setup) throws NodeStartException {
        NodeDaemon d = NodeDaemon.start(o, setup);
        started.add(d);
        return d;
    }

    private NodeDaemon start() throws NodeStartException {
        return start(NodeOptions.ephemeral(root, log), NodeSetup.bare());
    }

    private static ApiRequest get(String path) {
        return new ApiRequest("GET", path, Map.of(), new byte[0], Peer.REMOTE);
    }

    private static JsonNode json(ApiResponse r) throws Exception {
        return JSON.readTree(((ApiResponse.Full) r).body());
    }

    @Test
    void aNodeOwnsTheRootWhileItRunsAndLeavesNothingBehind() throws Exception {
        NodePaths paths = new NodePaths(root);
        NodeDaemon node = start();
        assertThat(NodeLock.held(paths)).isTrue();
        assertThat(Files.readString(paths.lock()).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(Files.getPosixFilePermissions(paths.socket())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.isRegularFile(paths.database())).isTrue();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).containsPattern("msg=\"ready root=" + root + " socket="
                + paths.socket() + " api=127.0.0.1:\\d+ metrics=127.0.0.1:\\d+ start_ms=\\d+\"");
        try (var dir = Files.list(root)) {
            assertThat(dir.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".node-sock-"));
        }

        node.close();
        assertThat(paths.socket()).doesNotExist();
        assertThat(NodeLock.held(paths)).isFalse();
        assertThat(NodeApi.find(root)).isEmpty();
        // Released for real: the next node takes the root at once.
        start().close();
    }

    @Test
    void aSecondNodeOnTheRootIsRefusedInOneLine() throws Exception {
        start();
        assertThatThrownBy(this::start).isInstanceOfSatisfying(NodeStartException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(125);
            assertThat(e.getMessage()).doesNotContain("\n").isEqualTo("a node already serves " + root + " (pid "
                    + ProcessHandle.current().pid() + ", lock " + root.resolve("node.lock") + ")");
        });
        // The refused start took nothing down with it.
        assertThat(new SocketApiClient(root.resolve("node.sock")).handle(get("/v1/version")).status()).isEqualTo(200);
    }

    @Test
    void theApiAnswersInProcessOverTheSocketAndOverTcp() throws Exception {
        NodeDaemon node = start();
        JsonNode inProcess = json(NodeApi.find(root).orElseThrow().handle(get("/v1/node")));
        assertThat(inProcess.get("schema").asText()).isEqualTo("edgefusion.node/v1");
        assertThat(inProcess.get("root").asText()).isEqualTo(root.toString());
        assertThat(inProcess.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(inProcess.get("started").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(inProcess.get("profile").isNull()).isTrue();
        assertThat(inProcess.get("listeners").get("socket").asText()).isEqualTo(root.resolve("node.sock").toString());
        int port = node.apiAddress().orElseThrow().getPort();
        assertThat(inProcess.get("listeners").get("api").asText()).isEqualTo("127.0.0.1:" + port);

        SocketApiClient socket = new SocketApiClient(root.resolve("node.sock"));
        assertThat(json(socket.handle(get("/v1/node")))).isEqualTo(inProcess);
        ApiResponse missing = socket.handle(get("/v1/nothing"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).get("schema").asText()).isEqualTo("edgefusion.error/v1");
        ApiResponse wrongMethod = socket.handle(new ApiRequest("DELETE", "/v1/node", Map.of(), new byte[0],
                Peer.REMOTE));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(json(wrongMethod).get("error").asText()).isEqualTo("DELETE /v1/node: method not allowed (allow: GET)");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> v = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/version")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(v.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(v.body()).get("schema").asText()).isEqualTo("edgefusion.version/v1");
        HttpResponse<String> nf = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(nf.body()).get("error").asText()).isEqualTo("no route /nope");

        int metricsPort = node.metricsAddress().orElseThrow().getPort();
        HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(m.body()).contains("\nedgefusion_node_up 1\n").containsPattern(
                "\nedgefusion_node_start_time_seconds \\d+\\.\\d{3}\n");
    }

    /** A component whose route streams "first" then waits for the test before "second". */
    private record Streamer(CountDownLatch release) implements NodeComponent {
        @Override
        public String name() {
            return "streamer";
        }

        @Override
        public AutoCloseable start(NodeServices s) {
            return s.api().get("/v1/test/stream", (req, p) -> new ApiResponse.Streaming(200, "text/plain", out -> {
                out.write("first\n".getBytes(StandardCharsets.UTF_8));
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new java.io.IOException("test never released the stream");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                out.write("second\n".getBytes(StandardCharsets.UTF_8));
            }));
        }
    }

    private static String line(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStreamDeliversItsFirstChunkBeforeItEnds() throws Exception {
        CountDownLatch overSocket = new CountDownLatch(1);
        NodeDaemon node = start(NodeOptions.ephemeral(root, log),
                NodeSetup.bare().withComponents(List.of(new Streamer(overSocket))));
        try (SocketApiClient.Reply r = new SocketApiClient(root.resolve("node.sock")).open(get("/v1/test/stream"))) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("transfer-encoding")).isEqualTo("chunked");
            assertThat(line(r.body())).isEqualTo("first"); // the handler is still blocked: it has not written more
            overSocket.countDown();
            assertThat(line(r.body())).isEqualTo("second");
            assertThat(r.body().read()).isEqualTo(-1);
        }
        node.close();

        CountDownLatch overTcp = new CountDownLatch(1);
        node = start(NodeOptions.ephemeral(root, log), NodeSetup.bare().withComponents(List.of(new Streamer(overTcp))));
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + node.apiAddress().orElseThrow().getPort() + "/v1/test/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            assertThat(line(in)).isEqualTo("first");
            overTcp.countDown();
            assertThat(line(in)).isEqualTo("second");
        }
    }

    @Test
    void aProfilesModulesRunInTheNodeOnItsApiListener() throws Exception {
        Path profile = Files.writeString(root.resolveSibling(root.getFileName() + "-p.yaml"), """
                platform: bench
                arch: x86_64
                stage: development
                services:
                  api: {port: 8080}
                modules:
                  logging: {enabled: true}
                  audit: {enabled: true}
                  api: {enabled: true, features: [health]}
                """);
        try {
            NodeDaemon node = start(NodeOptions.ephemeral(root, log).withProfile(profile), NodeSetup.bare());
            JsonNode info = json(node.services().api().handle(get("/v1/node")));
            assertThat(info.get("modules").toString()).isEqualTo("[\"logging\",\"audit\",\"api\"]");
            assertThat(info.get("profile").get("platform").asText()).isEqualTo("bench");
            assertThat(info.get("profile").get("stage").asText()).isEqualTo("development");
            int port = node.apiAddress().orElseThrow().getPort();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("ok bench\n");
            HttpResponse<String> v1 = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/version")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(v1.statusCode()).isEqualTo(200);
            assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("msg=\"ready platform=bench"
                    + " stage=development modules=logging,audit,api start_ms=");
            node.close();
            assertThat(Files.readString(root.resolve("audit.log"))).contains("action=node-start")
                    .contains("action=node-stop");
        } finally {
            Files.deleteIfExists(profile);
        }
    }

    @Test
    void aProfileThatDoesNotValidateLeavesTheRootFree() throws Exception {
        Path profile = Files.writeString(root.resolveSibling(root.getFileName() + "-bad.yaml"),
                "platform: x\narch: x86_64\nstage: pre-release\n");
        try {
            assertThatThrownBy(() -> start(NodeOptions.ephemeral(root, log).withProfile(profile), NodeSetup.bare()))
                    .isInstanceOfSatisfying(NodeStartException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(1);
                        assertThat(e.problems()).isTrue();
                        assertThat(e.getMessage()).startsWith(profile + ":1:1: stage pre-release requires module");
                    });
            assertThat(root.resolve("node.sock")).doesNotExist();
            assertThat(NodeLock.held(new NodePaths(root))).isFalse();
        } finally {
            Files.deleteIfExists(profile);
        }
    }

    @Test
    void listenAddressesParseAndRefuseInOneLine() {
        assertThat(Listen.parse("127.0.0.1:0")).isEqualTo(new Listen("127.0.0.1", 0));
        assertThat(Listen.parse("[::1]:7390")).isEqualTo(new Listen("::1", 7390));
        assertThat(Listen.parse("off").off()).isTrue();
        assertThatThrownBy(() -> Listen.parse("7390")).hasMessage("'7390': expected ADDR:PORT (e.g."
                + " 127.0.0.1:7390) or off");
        assertThatThrownBy(() -> Listen.parse("h:99999")).hasMessage("'h:99999': port is not 0..65535");
        assertThat(ListenDefaults.of("api", Optional.empty(), Optional.empty(), Map.of()))
                .isEqualTo(new Listen("127.0.0.1", ListenDefaults.API_PORT));
        assertThat(ListenDefaults.of("metrics", Optional.empty(), Optional.of(9100), Map.of()))
                .isEqualTo(new Listen("0.0.0.0", 9100));
        assertThat(ListenDefaults.of("api", Optional.empty(), Optional.of(8080), Map.of("EDGEFUSION_PORT_API", "0",
                "EDGEFUSION_BIND_ADDRESS", "127.0.0.1"))).isEqualTo(new Listen("127.0.0.1", 0));
    }
}
