package io.edgefusion.node.metrics;

import io.edgefusion.kernel.cgroup.StatsReader;
import io.edgefusion.kernel.fixtures.Fixture;
import io.edgefusion.node.stats.CpuPercent;
import io.edgefusion.node.stats.SandboxSample;
import io.edgefusion.node.stats.StatsCollector;
import io.edgefusion.node.stats.StatsJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PSI as a pure cgroup v2 host reports it (this machine is hybrid): the kernel module's fixture captured from a
 * real v2 systemd host (kernel/src/test/resources/fixtures/v2-host-systemd/ORIGIN.md), read by the same
 * StatsReader, shown in the stats document and as PSI counters in /metrics.
 */
class PressureFixtureTest {
    @TempDir
    Path tmp;

    static Fixture v2(Path tmp) throws Exception {
        URL u = Fixture.class.getResource("/fixtures/v2-host-systemd/mountinfo");
        if (u != null && u.getProtocol().equals("jar")) {
            try {
                FileSystems.newFileSystem(u.toURI(), Map.of());
            } catch (FileSystemAlreadyExistsException open) {
                // another test opened the kernel test-jar already
            }
        }
        return Fixture.copy("v2-host-systemd", tmp);
    }

    @Test
    void pressureFromARealV2Kernel() throws Exception {
        Fixture fx = v2(tmp);
        var stats = StatsReader.read(fx.paths());
        SandboxSample s = new SandboxSample("a".repeat(64), "svc", true, Instant.now(), System.nanoTime(), 0,
                Optional.of(stats), StatsReader.memoryLimit(fx.paths()));
        var row = new StatsCollector.Row(s, CpuPercent.NONE);

        var doc = StatsJson.document(Instant.now(), List.of(row)).path("sandboxes").get(0);
        assertThat(doc.path("pressure").path("memory").path("some").path("avg60").asDouble()).isEqualTo(0.12);
        assertThat(doc.path("pressure").path("memory").path("some").path("totalSeconds").asDouble())
                .isEqualTo(3.381022);
        assertThat(doc.path("pressure").path("io").path("full").path("avg10").asDouble()).isEqualTo(0.25);

        String text = MetricsRoutes.text(List.of(s), List.of());
        assertThat(text).contains("# TYPE edgefusion_sandbox_pressure_memory_some_seconds_total counter")
                .contains("edgefusion_sandbox_pressure_memory_some_seconds_total{sandbox=\"" + s.id()
                        + "\",name=\"svc\"} 3.381022")
                .contains("edgefusion_sandbox_pressure_io_full_seconds_total{sandbox=\"" + s.id()
                        + "\",name=\"svc\"} 0.87712");
        Promtool check = Promtool.check(text);
        assertThat(check.exitCode()).as(check.output() + "\n" + text).isZero();
    }
}
