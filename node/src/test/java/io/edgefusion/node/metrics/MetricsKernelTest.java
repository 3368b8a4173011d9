package io.edgefusion.node.metrics;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.Peer;
import io.edgefusion.node.stats.StatsCollector;
import io.edgefusion.node.stats.StatsJson;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * stats and /metrics over real sandboxes: a CPU-bound one under a quota (so it is throttled) with memory and pids
 * limits, and an idle one run by a deployment workload; the exposition passes {@code promtool check metrics}.
 */
@KernelTest
class MetricsKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private String start(String name, LimitSettings limits, String... cmd) {
        return ts.sandboxes().run(ts.spec(cmd).withName(name).withLimits(limits), true,
                OutputStream.nullOutputStream()).id();
    }

    @Test
    void statsAndMetricsOfRealSandboxes() throws Exception {
        String busy = start("busy", LimitSettings.none().withMemory(32L << 20).withCpus(0.2).withPidsMax(16),
                "sh", "-c", "while :; do :; done");
        String idle = start("idle", LimitSettings.none(), "sleep", "600");
        StatsCollector collector = new StatsCollector(ts.sandboxes());

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        StatsCollector.Row row;
        do {
            assertThat(System.nanoTime()).as("the busy sandbox gets throttled").isLessThan(deadline);
            row = collector.read(List.of("busy")).getFirst();
        } while (row.sample().stats().flatMap(s -> s.cpu()).map(c -> c.nrThrottled()).orElse(0L) == 0);

        List<StatsCollector.Row> rows = collector.read(List.of());
        assertThat(rows).extracting(r -> r.sample().id()).containsExactlyInAnyOrder(busy, idle);
        StatsCollector.Row b = rows.stream().filter(r -> r.sample().id().equals(busy)).findFirst().orElseThrow();
        assertThat(b.sample().memoryLimit()).hasValue(32L << 20);
        assertThat(b.sample().stats().orElseThrow().pids().orElseThrow().max()).hasValue(16);
        assertThat(b.cpu().percent()).as("CPU % between two readings").isPresent();
        assertThat(b.cpu().windowSeconds()).isPositive();

        var doc = StatsJson.document(Instant.now(), rows);
        assertThat(doc.path("schema").asText()).isEqualTo("edgefusion.stats/v1");
        var busyDoc = doc.path("sandboxes").findParents("id").stream()
                .filter(n -> n.path("id").asText().equals(busy)).findFirst().orElseThrow();
        assertThat(busyDoc.path("memory").path("limitBytes").asLong()).isEqualTo(32L << 20);
        assertThat(busyDoc.path("cpu").path("throttledPeriods").asLong()).isPositive();
        assertThat(busyDoc.path("pids").path("current").asLong()).isPositive();
        assertThatThrownBy(() -> collector.read(List.of("no-such-sandbox"))).hasMessageContaining("no-such-sandbox");

        WorkloadStatusSource source = () -> List.of(
                new WorkloadStatusSource.WorkloadStatus("line-monitor", "api", Optional.of(idle), 2,
                        Optional.of(true)),
                new WorkloadStatusSource.WorkloadStatus("line-monitor", "db \"main\"", Optional.empty(), 0,
                        Optional.empty()));
        ApiResponse r = new MetricsRoutes(ts.sandboxes(), source).routes().handle(
                new ApiRequest("GET", "/metrics", Map.of(), new byte[0], Peer.REMOTE));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String text = new String(((ApiResponse.Full) r).body(), StandardCharsets.UTF_8);
        assertThat(text)
                .contains("# TYPE edgefusion_sandbox_cpu_seconds_total counter")
                .contains("edgefusion_sandbox_cpu_throttled_periods_total{sandbox=\"" + busy + "\",name=\"busy\"}")
                .contains("edgefusion_sandbox_memory_limit_bytes{sandbox=\"" + busy + "\",name=\"busy\"} 33554432")
                .contains("edgefusion_sandbox_pids_limit{sandbox=\"" + busy + "\",name=\"busy\"} 16")
                .contains("edgefusion_sandbox_memory_bytes{sandbox=\"" + idle
                        + "\",name=\"idle\",deployment=\"line-monitor\",workload=\"api\"}")
                .contains("edgefusion_workload_restarts_total{deployment=\"line-monitor\",workload=\"api\",sandbox=\""
                        + idle + "\"} 2")
                .contains("edgefusion_workload_healthy{deployment=\"line-monitor\",workload=\"api\",sandbox=\""
                        + idle + "\"} 1")
                .contains("workload=\"db \\\"main\\\"\"");
        Promtool check = Promtool.check(text);
        assertThat(check.exitCode()).as("promtool check metrics:\n" + check.output() + "\n" + text).isZero();
    }
}
