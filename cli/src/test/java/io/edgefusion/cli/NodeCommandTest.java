package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.cli.json.SchemaCheck;
import io.edgefusion.node.NodeDaemon;
import io.edgefusion.node.NodeLock;
import io.edgefusion.node.NodeOptions;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.NodeSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code edgefusion node} and {@code node status}: in this JVM and as a real child process. */
class NodeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaCheck SCHEMAS = new SchemaCheck(Path.of("../docs/json"));

    @TempDir
    Path tmp;

    private Process child;
    private NodeDaemon inProcess;

    @AfterEach
    void stop() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        if (inProcess != null) {
            inProcess.close();
        }
    }

    private static JsonNode valid(String out) throws Exception {
        JsonNode doc = JSON.readTree(out);
        assertThat(doc.fieldNames().next()).isEqualTo("schema");
        assertThat(SCHEMAS.problems("node-status.schema.json", doc)).as(doc.toPrettyString()).isEmpty();
        return doc;
    }

    @Test
    void statusWithoutANodeSaysSoInOneLineAndExits1() throws Exception {
        Path root = tmp.resolve("root");
        CliRun r = CliRun.under(root, "node", "status");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("no node serves " + root + "\n");
        assertThat(r.err()).isEmpty();
        CliRun j = CliRun.under(root, "node", "status", "--json");
        assertThat(j.exitCode()).isEqualTo(1);
        JsonNode doc = valid(j.out());
        assertThat(doc.get("serving").asBoolean()).isFalse();
        assertThat(doc.get("root").asText()).isEqualTo(root.toString());
        assertThat(CliRun.of("node", "--root", root.toString(), "status", "-q").exitCode()).isEqualTo(1);
    }

    @Test
    void statusOfANodeInThisJvmAndASecondNodeIsRefused() throws Exception {
        Path root = tmp.resolve("root");
        inProcess = NodeDaemon.start(NodeOptions.ephemeral(root, new PrintStream(new ByteArrayOutputStream())),
                NodeSetup.bare());
        CliRun r = CliRun.under(root, "node", "status");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("node serves " + root + " (pid " + ProcessHandle.current().pid() + ", since ")
                .contains("  socket   " + root.resolve("node.sock") + "\n")
                .contains("  api      127.0.0.1:" + inProcess.apiAddress().orElseThrow().getPort() + "\n")
                .contains("  profile  none\n").contains("  modules  -\n");
        CliRun j = CliRun.under(root, "node", "status", "--json");
        assertThat(j.exitCode()).isZero();
        JsonNode doc = valid(j.out());
        assertThat(doc.get("serving").asBoolean()).isTrue();
        assertThat(doc.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());

        CliRun second = CliRun.under(root, "node", "--api-listen", "127.0.0.1:0", "--metrics-listen", "off");
        assertThat(second.exitCode()).isEqualTo(125);
        assertThat(second.err()).isEqualTo("edgefusion: a node already serves " + root + " (pid "
                + ProcessHandle.current().pid() + ", lock " + root.resolve("node.lock") + ")\n");
        assertThat(second.out()).isEmpty();
    }

    @Test
    void badListenAddressesAreRefusedBeforeAnythingStarts() {
        Path root = tmp.resolve("root");
        CliRun r = CliRun.under(root, "node", "--api-listen", "7390");
        assertThat(r.exitCode()).isEqualTo(125);
        assertThat(r.err()).contains("'7390': expected ADDR:PORT (e.g. 127.0.0.1:7390) or off").doesNotContain("\n\n");
        assertThat(root).doesNotExist();
    }

    @Test
    void theNodeAsAChildProcessSaysReadyAnswersAndExits0OnSigterm() throws Exception {
        Path root = tmp.resolve("root");
        Path ef = CliProcess.launcher(tmp);
        child = new ProcessBuilder(ef.toString(), "--root=" + root, "node", "--api-listen", "127.0.0.1:0",
                "--metrics-listen", "127.0.0.1:0").redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = in.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (java.io.IOException ignored) {
                // the child ended
            }
            lines.add("<eof>");
        });
        StringBuilder seen = new StringBuilder();
        String ready = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ready == null && System.nanoTime() < deadline) {
            String l = lines.poll(1, TimeUnit.SECONDS);
            if (l == null) {
                continue;
            }
            seen.append(l).append('\n');
            assertThat(l).as(seen.toString()).isNotEqualTo("<eof>");
            if (l.contains("msg=\"ready ")) {
                ready = l;
            }
        }
        assertThat(ready).as(seen.toString()).isNotNull();
        Matcher m = Pattern.compile("msg=\"ready root=" + Pattern.quote(root.toString()) + " socket="
                + Pattern.quote(root.resolve("node.sock").toString())
                + " api=127\\.0\\.0\\.1:(\\d+) metrics=127\\.0\\.0\\.1:(\\d+) start_ms=\\d+\"").matcher(ready);
        assertThat(m.find()).as(ready).isTrue();

        // Another process's node: found over ROOT/node.sock.
        CliRun status = CliRun.under(root, "node", "status", "--json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode doc = valid(status.out());
        assertThat(doc.get("pid").asLong()).isEqualTo(child.pid());
        assertThat(doc.get("listeners").get("api").asText()).isEqualTo("127.0.0.1:" + m.group(1));
        HttpResponse<String> v = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + m.group(1) + "/v1/version")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(v.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + m.group(2) + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("edgefusion_node_up 1\n");

        child.destroy(); // SIGTERM
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(seen.toString()).isZero();
        assertThat(root.resolve("node.sock")).doesNotExist();
        assertThat(NodeLock.held(new NodePaths(root))).isFalse();
        assertThat(CliRun.under(root, "node", "status").exitCode()).isEqualTo(1);
        assertThat(Files.readString(root.resolve("node.lock")).strip()).isEqualTo(Long.toString(child.pid()));
    }
}
