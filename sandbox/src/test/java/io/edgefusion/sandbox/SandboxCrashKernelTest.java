package io.edgefusion.sandbox;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import io.edgefusion.sandbox.testing.RunMain;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI SIGKILLed at each step of run: ps must show a consistent state, and rm -f (or gc) must leave nothing —
 * no state, no cgroup, no mount, no process — and the sandbox's name must be free again (no step leaks it).
 */
@KernelTest
class SandboxCrashKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @ParameterizedTest(name = "killed at {0} ({1}) -> ps says {2}")
    @CsvSource({
            "recorded, detached, dead",
            "name reserved, detached, dead",
            "cgroup, detached, dead",
            "helper, detached, dead",
            "placed, detached, dead",
            "started, attached, running",
            "started, detached, running"})
    void killedCliLeavesAConsistentRecordAndRmForceRemovesEverything(String step, String mode, String expected)
            throws Exception {
        Path busybox = ts.busybox();
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dedgefusion.checkpoint=" + step,
                "-Dedgefusion.test.name=crashed",
                "-cp", System.getProperty("java.class.path"), RunMain.class.getName(), ts.root().toString(),
                busybox.toString(), Boolean.toString(mode.equals("detached")), "sleep", "600")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(cli.getErrorStream()))) {
            String line;
            while ((line = err.readLine()) != null && !line.equals("checkpoint " + step)) {
                // skip JVM noise until the checkpoint is reached
            }
            assertThat(line).as("the child reached checkpoint " + step).isEqualTo("checkpoint " + step);
        }
        cli.destroyForcibly();
        assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();

        List<SandboxState> ps = ts.sandboxes().list();
        assertThat(ps).hasSize(1);
        SandboxState s = ps.getFirst();
        // "placed": the helper saw its creator vanish (EOF instead of go) and killed the unreleased child.
        assertThat(s.status().label()).isEqualTo(expected);
        if (s.status() == Status.RUNNING) {
            assertThat(ts.sandboxes().cgroup(s.id()).pids()).contains(s.pid());
            ts.sandboxes().remove(s.id(), true);
        } else {
            assertThat(ts.sandboxes().gc()).contains(s.id());
        }
        ts.assertGone(s.id());
        assertThat(ts.sandboxes().list()).isEmpty();
        // No name leaked: it is free again at once.
        Sandboxes.RunResult again = ts.sandboxes().run(ts.spec("true").withName("crashed"), false,
                java.io.OutputStream.nullOutputStream());
        assertThat(again.exitCode()).isZero();
        assertThat(again.name()).isEqualTo("crashed");
    }
}
