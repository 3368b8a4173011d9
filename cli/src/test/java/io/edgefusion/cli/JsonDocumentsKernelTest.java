package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.cli.json.SchemaCheck;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.platform.testing.Workloads;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code --json} document, produced by the real command, checked against its schema under docs/json:
 * the schema field first, the documented fields and types, RFC 3339 UTC times. Each schema has its page.
 */
@KernelTest
class JsonDocumentsKernelTest {
    static final Path DOCS = Path.of("../docs/json");
    static final Pattern TIME = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");

    private final TestSandboxes ts = new TestSandboxes();
    private final String root = "--root=" + ts.root();
    private final SchemaCheck schemas = new SchemaCheck(DOCS);
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    /** The command's stdout as a document valid against docs/json/NAME.schema.json. */
    private JsonNode valid(String name, String... args) throws IOException {
        return check(name, CliRun.of(args), args);
    }

    /** As {@link #valid}, in this JVM in the through-node pass too (see {@link CliRun#here}). */
    private JsonNode validHere(String name, String... args) throws IOException {
        return check(name, CliRun.here(args), args);
    }

    private JsonNode check(String name, CliRun r, String... args) throws IOException {
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isIn(0, 1);
        JsonNode doc = json.readTree(r.out());
        assertThat(doc.isObject()).as(name + " is one object").isTrue();
        assertThat(doc.fieldNames().next()).as(name + ": schema comes first").isEqualTo("schema");
        assertThat(doc.path("schema").asText()).isEqualTo("edgefusion." + name + "/v1");
        assertThat(schemas.problems(name + ".schema.json", doc)).as(name + " against its schema:\n"
                + doc.toPrettyString()).isEmpty();
        return doc;
    }

    @Test
    void sandboxDocumentsPsInspectAndDiff() throws Exception {
        CliRun done = CliRun.of("run", root, "--name", "done", "builtin:busybox", "--", "true");
        assertThat(done.exitCode()).as(done.err()).isZero();
        CliRun run = CliRun.of("run", root, "-d", "--name", "box", "--memory", "32m", "builtin:busybox", "--", "sh",
                "-c", "echo x > /added; touch /ready; exec sleep 600");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String id = run.out().strip();

        JsonNode ps = valid("ps", "ps", root, "-a", "--json");
        assertThat(ps.path("sandboxes")).hasSize(2);
        for (JsonNode s : ps.path("sandboxes")) {
            long created = ts.sandboxes().inspect(s.path("id").asText()).createdAt();
            assertThat(s.path("createdAt").asText()).as("the recorded time, converted")
                    .isEqualTo(JsonDocs.time(created)).matches(TIME);
        }
        JsonNode exited = ps.path("sandboxes").findParents("name").stream()
                .filter(s -> s.path("name").asText().equals("done")).findFirst().orElseThrow();
        assertThat(exited.path("finishedAt").asText()).matches(TIME);
        assertThat(exited.path("exitCode").asInt()).isZero();

        JsonNode inspect = valid("inspect", "inspect", root, "--json", "box", "done");
        assertThat(inspect.path("sandboxes").get(0).path("resources").path("schema").asText())
                .isEqualTo("edgefusion.resources/v1");
        assertThat(inspect.path("sandboxes").get(0).path("state").path("startedAt").asText()).matches(TIME);
        JsonNode ns = valid("inspect.namespaces", "inspect", root, "--namespaces", "--json", "box");
        assertThat(ns.path("sandbox").asText()).isEqualTo(id);

        long deadline = System.currentTimeMillis() + 10_000;
        while (!CliRun.of("diff", root, "box").out().contains("/ready")) {
            assertThat(System.currentTimeMillis()).as("the workload never wrote /ready").isLessThan(deadline);
            Thread.sleep(20); // poll interval of a bounded wait on the workload's marker
        }
        JsonNode diff = valid("diff", "diff", root, "--json", "box");
        assertThat(diff.path("sandbox").asText()).isEqualTo(id);
        assertThat(diff.path("changes").findValuesAsText("path")).contains("/added", "/ready");

        JsonNode stats = valid("stats", "stats", root, "--no-stream", "--json");
        assertThat(stats.path("time").asText()).matches(TIME);
        assertThat(stats.path("sandboxes")).hasSize(1);
        assertThat(stats.path("sandboxes").get(0).path("memory").path("limitBytes").asLong()).isEqualTo(32L << 20);
        JsonNode both = valid("stats", "stats", root, "--no-stream", "--json", "box", "done");
        assertThat(both.path("sandboxes").get(1).path("running").asBoolean()).isFalse();
        assertThat(both.path("sandboxes").get(1).path("cpu").path("percent").isNull()).isTrue();
        JsonNode top = valid("top", "top", root, "box", "--json");
        assertThat(top.path("titles").get(1).asText()).isEqualTo("PID");
        assertThat(top.path("processes").size()).isPositive();
    }

    @Test
    void eventLinesMatchTheirSchema() throws Exception {
        try (var db = io.edgefusion.node.store.NodeDatabase.open(new io.edgefusion.node.NodePaths(ts.root()));
             var reg = io.edgefusion.node.api.NodeApi.register(ts.root(),
                     new io.edgefusion.node.events.EventLog(db).routes())) {
            new io.edgefusion.node.events.EventLog(db).emit(new io.edgefusion.node.events.NodeEvent(
                    java.time.Instant.now().minusSeconds(5), "workload.restarted", "line-monitor/api",
                    java.util.Map.of("revision", "3", "exitCode", "1")));
            CliRun r = CliRun.of("events", root, "--json", "--since", "1m", "--until", "0s");
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).hasSize(1);
            JsonNode e = json.readTree(lines.getFirst());
            assertThat(e.fieldNames().next()).isEqualTo("schema");
            assertThat(schemas.problems("events.schema.json", e)).as(e.toString()).isEmpty();
            assertThat(e.path("time").asText()).matches(TIME);
        }
    }

    @Test
    void imageDocumentsLsInspectAndHistory() throws Exception {
        Path layout = TestLayouts.write(Files.createDirectory(ts.root().resolve("layout")), "1.0", List.of(
                new RawTar().dir("etc/", 0755).file("etc/os-release", 0644, "ID=edge\n").bytes()));
        assertThat(CliRun.of("image", "import", layout + ":1.0", "edge/base:1.0", root).exitCode()).isZero();
        Path ctx = Files.createDirectory(ts.root().resolve("ctx"));
        Files.writeString(ctx.resolve("Main.class"), "v1");
        Files.writeString(ctx.resolve("Buildfile"), """
                FROM scratch
                COPY Main.class /app/
                CMD ["/app/Main.class"]
                """);
        CliRun build = CliRun.of("image", "build", "-t", "demo/app:1", ctx.toString(), root);
        assertThat(build.exitCode()).as(build.err()).isZero();

        JsonNode ls = valid("image.ls", "image", "ls", "--json", root);
        assertThat(ls.path("images").findValuesAsText("name")).contains("edge/base", "demo/app");
        // The layout's config says 2024-01-01T00:00:00Z: the same instant, in the one output form.
        assertThat(ls.path("images").findParents("name").stream().filter(i -> i.path("name").asText()
                .equals("edge/base")).findFirst().orElseThrow().path("created").asText())
                .isEqualTo("2024-01-01T00:00:00.000Z");
        valid("image.inspect", "image", "inspect", "--json", "edge/base:1.0", "demo/app:1", root);
        JsonNode history = valid("image.history", "image", "history", "--json", "demo/app:1", root);
        assertThat(history.path("history")).isNotEmpty();
        history.path("history").forEach(h -> assertThat(h.path("created").asText()).matches(TIME));
    }

    @Test
    void registryDocumentsLoginPushAndPull() throws Exception {
        try (var registry = new io.edgefusion.image.testing.TestRegistry(ts.root().resolve("registry-server"))) {
            String ca = registry.caFile().toString();
            java.io.InputStream realIn = System.in;
            JsonNode login;
            synchronized (CliRun.class) { // CliRun.of locks the class too: no other command reads this stdin
                System.setIn(new java.io.ByteArrayInputStream((io.edgefusion.image.testing.TestRegistry.PASSWORD
                        + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                try {
                    login = valid("login", "login", root, "--json", registry.host(), "-u",
                            io.edgefusion.image.testing.TestRegistry.USER, "--password-stdin", "--ca-file", ca);
                } finally {
                    System.setIn(realIn);
                }
            }
            assertThat(login.path("credentialsFile").asText()).endsWith("registry/config.json");
            assertThat(login.toString()).doesNotContain(io.edgefusion.image.testing.TestRegistry.PASSWORD);

            Path layout = TestLayouts.write(Files.createDirectory(ts.root().resolve("layout")), "1", List.of(
                    new RawTar().dir("etc/", 0755).file("etc/os-release", 0644, "ID=edge\n").bytes()));
            String ref = registry.host() + "/edge/base:1";
            assertThat(CliRun.of("image", "import", layout + ":1", ref, root).exitCode()).isZero();
            JsonNode push = valid("push", "push", root, "--json", "--ca-file", ca, ref);
            assertThat(push.at("/blobs/uploaded").asInt()).isEqualTo(2); // config and the layer
            assertThat(CliRun.of("image", "rm", ref, root).exitCode()).isZero();
            JsonNode pull = valid("pull", "pull", root, "--json", "--ca-file", ca, ref);
            assertThat(pull.path("manifestDigest").asText()).isEqualTo(push.path("manifestDigest").asText());
        }
    }

    @Test
    void hostDocumentsMountinfoAndResources() throws Exception {
        JsonNode m = valid("mountinfo", "mountinfo", "--json", "/", "/proc");
        assertThat(m.path("paths")).hasSize(2);
        JsonNode r = valid("resources", "resources", "--pid", Long.toString(ProcessHandle.current().pid()), "--json");
        assertThat(r.path("jdk").path("available").asBoolean()).as(r.path("jdk").toString()).isTrue();
        valid("resources", "resources", "--json", "--no-jdk");
    }

    @Test
    void traceCompareDocumentWithADifferenceAndOneSidedPaths() throws Exception {
        Path only = Files.writeString(ts.root().resolve("only-on-host"), "x\n");
        JsonNode doc = valid("trace", "trace", root, "--compare", "--json", "builtin:busybox", "--", "cat",
                only.toString(), "/etc/passwd");
        assertThat(doc.path("differences").findValuesAsText("kind")).contains("missing-inside");
        assertThat(doc.path("onlyOutside")).as("GNU cat's libraries").isNotEmpty();
    }

    @Test
    void contractVerifyDocumentWithCodeAndProfileFindings() throws Exception {
        Path work = Files.createDirectory(ts.root().resolve("workloads"));
        List<String> args = new ArrayList<>(List.of("contract", "verify", "--json", "--profile"));
        Path profile = ts.root().resolve("no-audit.yaml");
        Files.writeString(profile, Files.readString(Path.of("../profiles/rk3588-sm4.yaml"))
                .replace("audit: {enabled: true}", "audit: {enabled: false}"));
        args.add(profile.toString());
        args.add(Workloads.jar("bind", work).toString());
        JsonNode doc = valid("contract.verify", args.toArray(String[]::new));
        assertThat(doc.path("violations").findValuesAsText("kind")).contains("HARD_CODED_BIND", "STAGE_TRIM");
        JsonNode clean = valid("contract.verify", "contract", "verify", "--json",
                Workloads.jar("compliant", work).toString());
        assertThat(clean.path("violations")).isEmpty();
    }

    @Test
    void networkDocumentsLsAndInspectWithARealAttachment() throws Exception {
        String name = "eftest" + java.util.UUID.randomUUID().toString().substring(0, 6);
        CliRun create = CliRun.of("network", "create", root, name, "--subnet", "10.89.231.0/24");
        assertThat(create.exitCode()).as(create.err()).isZero();
        var store = new io.edgefusion.sandbox.network.NetworkStore(ts.root());
        // The plugins run in a namespace this test owns (its bridge and rules never reach the host's).
        try (var host = new io.edgefusion.sandbox.testing.TestNetns(ts.root(), "host.ns");
             var box = new io.edgefusion.sandbox.testing.TestNetns(ts.root(), "box.ns")) {
            var net = new io.edgefusion.sandbox.network.NetworkAttachment(store,
                    io.edgefusion.sandbox.network.CniInvoker.host().inNetns(host.file()));
            String id = "c".repeat(64);
            net.attach(new io.edgefusion.sandbox.network.NetworkAttachment.Request(id, "web", box.file(), name,
                    "eth0", List.of(io.edgefusion.sandbox.network.PortMapping.parse("127.0.0.1:18081:80")),
                    List.of(), List.of()));
            try {
                // Here, not through a one-command node: the attachment is faked for a sandbox that does not
                // exist, which that node's start-up gc would rightly DEL.
                JsonNode ls = validHere("network.ls", "network", "ls", root, "--json");
                assertThat(ls.path("networks").findValuesAsText("name")).contains(name);
                assertThat(ls.path("networks").get(0).path("sandboxes").asInt()).isEqualTo(1);
                JsonNode in = validHere("network.inspect", "network", "inspect", root, name);
                JsonNode a = in.path("networks").get(0).path("attachments").get(0);
                assertThat(a.path("name").asText()).isEqualTo("web");
                assertThat(a.path("addresses").get(0).asText()).isEqualTo("10.89.231.2/24");
                assertThat(a.path("ports").get(0).asText()).isEqualTo("127.0.0.1:18081->80/tcp");
            } finally {
                net.detach(id, name, "eth0");
            }
        }
        assertThat(CliRun.of("network", "rm", root, name).exitCode()).isZero();
    }

    @Test
    void diagnoseThrottlingDocumentOfABusySandbox() throws Exception {
        CliRun spin = CliRun.of("run", root, "-d", "--name", "spin", "--cpus", "0.2", "--gc-trace", "builtin:busybox",
                "--", "sh", "-c", "while :; do :; done");
        assertThat(spin.exitCode()).as(spin.err()).isZero();
        JsonNode doc = valid("diagnose.throttling", "diagnose", "throttling", root, "spin", "--window", "500ms",
                "--json");
        assertThat(doc.path("runtime").path("kind").asText()).isEqualTo("none");
        assertThat(doc.path("quotaCpus").asDouble()).isEqualTo(0.2);
        assertThat(doc.path("samples").asInt()).isGreaterThan(10);
        assertThat(CliRun.of("rm", root, "-f", "spin").exitCode()).isZero();
    }

    @Test
    void eachSchemaHasItsPageAndTheCheckCatchesTheOldShapes() throws Exception {
        try (Stream<Path> s = Files.list(DOCS)) {
            for (Path schema : s.filter(p -> p.toString().endsWith(".schema.json")).toList()) {
                String name = schema.getFileName().toString().replace(".schema.json", "");
                Path page = DOCS.resolve(name + ".md");
                assertThat(page).as("page for " + name).exists();
                assertThat(Files.readString(page)).contains("edgefusion." + name + "/v1")
                        .contains(schema.getFileName().toString());
            }
        }
        // What ps --json printed before: no schema, epoch milliseconds. The check must refuse it.
        JsonNode old = json.readTree("""
                {"sandboxes": [{"id": "%s", "name": null, "status": "running", "command": "sleep 600", "pid": 7,
                  "createdAt": 1796243592123, "startedAt": null, "finishedAt": null, "exitCode": null,
                  "oomKilled": null}]}""".formatted("a".repeat(64)));
        assertThat(schemas.problems("ps.schema.json", old)).contains(": missing required field 'schema'")
                .contains("/sandboxes/0/createdAt: is integer, schema wants [\"string\",\"null\"]");
        JsonNode offset = json.readTree("""
                {"schema": "edgefusion.image.history/v1", "image": "sha256:%s",
                 "history": [{"created": "2026-12-01T21:33:12+01:00", "createdBy": null, "comment": null,
                  "emptyLayer": true, "layer": null, "size": 0}]}""".formatted("b".repeat(64)));
        assertThat(schemas.problems("image.history.schema.json", offset)).singleElement().asString()
                .startsWith("/history/0/created: \"2026-12-01T21:33:12+01:00\" does not match");
    }
}
