package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runtimes inside a sandbox are told their limits: a static Go binary (Debian's golang-go) and a JDK bind-mounted
 * read-only report what EdgeFusion injected, not the host's 2 CPUs and 24 GiB.
 */
@KernelTest
class SandboxErgonomicsKernelTest {
    private static final long MIB = 1L << 20;
    private static TestSandboxes ts;

    @TempDir
    static Path work;

    @BeforeAll
    static void setUp() {
        ts = new TestSandboxes();
    }

    @AfterAll
    static void tearDown() {
        ts.close();
    }

    /** --cpus 1.5 and --memory 256m: ceil(1.5) = 2 CPUs; GOMEMLIMIT = 0.9 × 256 MiB; heap 166 MiB. */
    private static LimitSettings limits() {
        return LimitSettings.none().withCpus(1.5).withMemory(256 * MIB);
    }

    @Test
    void aStaticGoBinaryReportsTheInjectedGomaxprocsAndMemoryLimit() throws Exception {
        Path src = Files.writeString(work.resolve("probe.go"), """
                package main

                import (
                	"fmt"
                	"runtime"
                	"runtime/debug"
                )

                func main() {
                	fmt.Printf("GOMAXPROCS=%d\\n", runtime.GOMAXPROCS(0))
                	fmt.Printf("MEMLIMIT=%d\\n", debug.SetMemoryLimit(-1))
                }
                """);
        Path bin = work.resolve("probe");
        ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", bin.toString(), src.toString())
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("CGO_ENABLED", "0", "GOCACHE", work.resolve("cache").toString(),
                "HOME", work.toString(), "GOFLAGS", "-mod=mod", "GO111MODULE", "off"));
        Process go = pb.start();
        String log = new String(go.getInputStream().readAllBytes());
        assertThat(go.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(go.exitValue()).as(log).isZero();

        SandboxSpec spec = ts.spec("/probe/probe").withLimits(limits())
                .withMounts(List.of(new MountSpec.Bind(work, "/probe", true)))
                .withOptions(null, null, false, false, true, true);
        TestSandboxes.Result r = ts.run(spec);
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("GOMAXPROCS=2").contains("MEMLIMIT=" + (256 * MIB * 9 / 10));

        // The same binary without ergonomics sees what Go 1.19 detects by itself: every host CPU, no limit.
        TestSandboxes.Result plain = ts.run(spec.withOptions(null, null, false, false, false, true));
        assertThat(plain.out()).contains("GOMAXPROCS=" + Runtime.getRuntime().availableProcessors())
                .contains("MEMLIMIT=" + Long.MAX_VALUE);
    }

    @Test
    void aReadOnlyJdkReportsTheInjectedProcessorCountAndHeap() throws Exception {
        Path app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("Probe.java"), """
                public class Probe {
                    public static void main(String[] a) {
                        System.out.println("CPUS=" + Runtime.getRuntime().availableProcessors());
                        System.out.println("MAXMEM=" + Runtime.getRuntime().maxMemory());
                    }
                }
                """);
        List<MountSpec> mounts = TestSandboxes.jdkMounts(app);
        SandboxSpec spec = ts.spec("/jdk/bin/java", "-Xshare:off", "/app/Probe.java").withLimits(limits())
                .withMounts(mounts).withOptions(null, null, false, false, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sandboxes.RunResult r = ts.sandboxes().run(spec, false, out);
        assertThat(r.exitCode()).as(out.toString()).isZero();
        SandboxState s = ts.sandboxes().inspect(r.id());
        assertThat(s.injectedEnv()).containsEntry("JAVA_TOOL_OPTIONS", "-XX:ActiveProcessorCount=2 -Xmx166m")
                .containsEntry("GOMAXPROCS", "2").containsEntry("GOMEMLIMIT", Long.toString(256 * MIB * 9 / 10));
        assertThat(out.toString()).contains("CPUS=2");
        // -Xmx166m; seeing its own 256 MiB cgroup the JDK picks Serial GC, whose maxMemory leaves out one
        // survivor space: a little under 166 MiB (G1, chosen from the host's memory, reported exactly 166 MiB).
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("MAXMEM=(\\d+)").matcher(out.toString());
        assertThat(mm.find()).isTrue();
        assertThat(Long.parseLong(mm.group(1))).isLessThanOrEqualTo(166 * MIB).isGreaterThan(150 * MIB);
        ts.sandboxes().remove(r.id(), false);
    }

    @Test
    void aVariableTheUserSetIsNeverOverridden() {
        SandboxSpec spec = ts.spec("sh", "-c", "echo $GOMAXPROCS $JAVA_TOOL_OPTIONS").withLimits(limits())
                .withEnv(Map.of("GOMAXPROCS", "7")).withOptions(null, null, false, false, true, true);
        assertThat(ts.run(spec).out().strip()).isEqualTo("7 -XX:ActiveProcessorCount=2 -Xmx166m");
        assertThat(OutputStream.nullOutputStream()).isNotNull();
    }
}
