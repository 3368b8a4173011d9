package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.api.NodeApi;
import io.edgefusion.node.events.EventLog;
import io.edgefusion.node.events.NodeEvent;
import io.edgefusion.node.store.NodeDatabase;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** stats, top, wait, logs --tail/--since/-t and events through the real CLI entry point. */
@KernelTest
class ObserveCommandsKernelTest {
    private static final String STAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z ";
    private final TestSandboxes ts = new TestSandboxes();
    private final String root = ts.root().toString();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private CliRun cli(String... args) {
        return CliRun.under(root, args);
    }

    @Test
    void logsTailSinceAndTimestamps() {
        CliRun d = cli("run", "-d", "--name", "bg", "builtin:busybox", "--", "sh", "-c", "echo one; echo two; echo three");
        assertThat(d.exitCode()).as(d.err()).isZero();
        assertThat(cli("wait", "bg").out()).isEqualTo("0\n");
        assertThat(cli("logs", "bg").out()).isEqualTo("one\ntwo\nthree\n");
        assertThat(cli("logs", "--tail", "2", "bg").out()).isEqualTo("two\nthree\n");
        assertThat(cli("logs", "--tail", "0", "bg").out()).isEmpty();
        assertThat(cli("logs", "-t", "bg").out().lines().toList()).hasSize(3)
                .allSatisfy(l -> assertThat(l).matches(STAMP + "(one|two|three)"));
        assertThat(cli("logs", "--since", "1h", "bg").out()).isEqualTo("one\ntwo\nthree\n");
        assertThat(cli("logs", "--until", "1h", "bg").out()).as("nothing was logged before an hour ago").isEmpty();
        CliRun bad = cli("logs", "--since", "yesterday", "bg");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.err()).startsWith("edgefusion: ").contains("'yesterday'");
    }

    @Test
    void waitBlocksUntilExitAndPrintsTheCode() throws Exception {
        CliRun d = cli("run", "-d", "--name", "job", "builtin:busybox", "--", "sh", "-c",
                "while [ ! -e /go ]; do sleep 0.05; done; exit 7");
        assertThat(d.exitCode()).as(d.err()).isZero();
        CompletableFuture<CliRun> waited = CompletableFuture.supplyAsync(() -> cli("wait", "job"));
        assertThat(waited).as("wait blocks while the sandbox runs").isNotDone();
        assertThat(ts.sandboxes().exec("job", List.of("touch", "/go"), Map.of(), null, null,
                OutputStream.nullOutputStream())).isZero();
        CliRun w = waited.get(30, TimeUnit.SECONDS);
        assertThat(w.exitCode()).as(w.err()).isZero();
        assertThat(w.out()).isEqualTo("7\n");
        CliRun missing = cli("wait", "nope");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.err()).contains("no such sandbox: nope");
    }

    @Test
    void statsAndTopOfARunningSandbox() throws Exception {
        CliRun d = cli("run", "-d", "--name", "svc", "--memory", "48m", "--pids-limit", "20", "builtin:busybox",
                "--", "sh", "-c", "sleep 600 & wait");
        assertThat(d.exitCode()).as(d.err()).isZero();
        CliRun stats = cli("stats", "--no-stream");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        List<String> lines = stats.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("SANDBOX ID").contains("CPU %", "MEM USAGE / LIMIT", "PSI CPU/MEM/IO",
                "PIDS");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("svc", " / 48MiB", "/20");
        JsonNode doc = new ObjectMapper().readTree(cli("stats", "--no-stream", "--json", "svc").out());
        assertThat(doc.path("sandboxes").get(0).path("memory").path("limitBytes").asLong()).isEqualTo(48L << 20);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        CliRun top;
        do {
            assertThat(System.nanoTime()).isLessThan(deadline);
            top = cli("top", "svc");
        } while (!top.out().contains("sleep 600\n"));
        assertThat(top.exitCode()).as(top.err()).isZero();
        assertThat(top.out().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        assertThat(top.out()).contains("sh -c sleep 600 & wait");
        CliRun cols;
        do {
            assertThat(System.nanoTime()).as("the forked sleep has exec'd").isLessThan(deadline);
            cols = cli("top", "svc", "-o", "pid,comm,rss");
        } while (!cols.out().contains(" sleep "));
        assertThat(cols.out().lines().findFirst().orElseThrow().split("\\s+")).containsExactly("PID", "COMMAND",
                "RSS");
        assertThat(cols.out().lines().skip(1).toList()).hasSize(2).anySatisfy(l -> assertThat(l).contains(" sh "));
        CliRun badCol = cli("top", "svc", "-o", "pid,bogus");
        assertThat(badCol.exitCode()).isEqualTo(125);
        assertThat(badCol.err()).contains("'bogus'");
    }

    @Test
    void eventsNeedANodeAndStreamWhatItLogged() {
        CliRun none = cli("events");
        assertThat(none.exitCode()).isEqualTo(125);
        assertThat(none.err()).isEqualTo("edgefusion: no node serves " + root + " (start one: edgefusion node --root "
                + root + ")\n");

        try (NodeDatabase db = NodeDatabase.open(new NodePaths(ts.root()));
             NodeApi.Registration reg = NodeApi.register(ts.root(), new EventLog(db).routes())) {
            EventLog log = new EventLog(db);
            Instant t = Instant.now().minusSeconds(30);
            log.emit(new NodeEvent(t, "workload.healthy", "line-monitor/api", Map.of("revision", "3")));
            log.emit(new NodeEvent(t.plusMillis(1), "workload.stopped", "line-monitor/db", Map.of()));
            CliRun text = cli("events", "--since", "1m", "--until", "0s");
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out().lines().toList()).hasSize(2);
            assertThat(text.out().lines().findFirst().orElseThrow())
                    .matches(STAMP + "workload\\.healthy line-monitor/api \\(revision=3\\)");
            CliRun json = cli("events", "--json", "--since", "1m", "--until", "0s");
            assertThat(json.out().lines().toList()).hasSize(2)
                    .allSatisfy(l -> assertThat(l).startsWith("{\"schema\":\"edgefusion.events/v1\""));
        }
    }
}
