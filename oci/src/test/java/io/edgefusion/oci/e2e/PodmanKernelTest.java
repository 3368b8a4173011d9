package io.edgefusion.oci.e2e;

import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * podman 4.3 driving the runtime under test ({@link RuntimeUnderTest}) through conmon: the exit codes, limits,
 * process settings, terminal and lifecycle verbs that users of {@code podman --runtime} rely on.
 */
@KernelTest
class PodmanKernelTest {
    private static Path dir;
    private static Podman podman;

    @BeforeAll
    static void setUp() throws Exception {
        Path runtime = RuntimeUnderTest.path();
        dir = TestDir.create();
        podman = new Podman(dir, runtime);
        BusyboxImage image = BusyboxImage.create(Files.createDirectories(dir.resolve("image")));
        podman.podman("import", image.rootfsTar().toString(), BusyboxImage.REF).ok();
    }

    @AfterAll
    static void tearDown() {
        if (podman != null) {
            podman.close();
        }
    }

    private static Cmd.Result run(List<String> options, String... command) {
        return podman.run(options, command);
    }

    private static String runOut(List<String> options, String... command) {
        return run(options, command).ok().out().strip();
    }

    @Test
    void exitCodesPassThrough() {
        assertThat(run(List.of("--rm"), "true").exit()).isZero();
        assertThat(run(List.of("--rm"), "false").exit()).isEqualTo(1);
        assertThat(run(List.of("--rm"), "sh", "-c", "exit 42").exit()).isEqualTo(42);
    }

    @Test
    void aMissingProgramIs127() {
        Cmd.Result r = run(List.of("--rm", "--name", "missing"), "/no/such/program");
        assertThat(r.exit()).as(r.describe()).isEqualTo(127);
        assertThat(podman.podman("container", "exists", "missing").exit()).isEqualTo(1);
    }

    @Test
    void outputReachesTheCaller() {
        assertThat(runOut(List.of("--rm"), "echo", "hello from the runtime")).isEqualTo("hello from the runtime");
    }

    @Test
    void detachedStopSendsTermThenRmRemoves() {
        // PID 1 ignores SIGTERM unless it traps it: the trap's exit code proves stop delivered the signal.
        String id = runOut(List.of("-d", "--name", "stopme"), "sh", "-c", "trap 'exit 3' TERM; sleep 1000 & wait");
        assertThat(id).hasSize(64);
        podman.awaitStatus("stopme", "running");
        long pid = Long.parseLong(podman.inspect("stopme", "{{.State.Pid}}"));
        Wait.until("stopme's shell to trap SIGTERM", () -> CaughtSignals.catches(pid, CaughtSignals.SIGTERM));
        podman.podman("stop", "--time", "30", "stopme").ok();
        assertThat(podman.inspect("stopme", "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 3");
        podman.podman("rm", "stopme").ok();
        assertThat(podman.podman("container", "exists", "stopme").exit()).isEqualTo(1);
    }

    @Test
    void execRunsInTheContainerWithItsOwnExitCode() {
        runOut(List.of("-d", "--name", "execme", "-e", "FROM_RUN=yes"), "sleep", "1000");
        podman.awaitStatus("execme", "running");
        Cmd.Result r = podman.podman("exec", "execme", "sh", "-c", "echo exec sees $FROM_RUN; exit 7");
        assertThat(r.exit()).as(r.describe()).isEqualTo(7);
        assertThat(r.out().strip()).isEqualTo("exec sees yes");
        // The exec'd process shares the container's PID namespace: PID 1 is the container's sleep.
        assertThat(podman.podman("exec", "execme", "cat", "/proc/1/cmdline").ok().out()).startsWith("sleep");
        podman.podman("rm", "--force", "--time", "0", "execme").ok();
    }

    @Test
    void memoryLimitIsSeenInside() {
        assertThat(runOut(List.of("--rm", "--memory", "64m"), "sh", "-c", CgroupFiles.MEMORY_LIMIT))
                .isEqualTo(Long.toString(64L << 20));
    }

    @Test
    void cpuQuotaIsSeenInside() {
        // 0.5 CPU: half of whatever period the runtime chose.
        String[] quotaPeriod = runOut(List.of("--rm", "--cpus", "0.5"), "sh", "-c", CgroupFiles.CPU_QUOTA_PERIOD)
                .split("\\s+");
        assertThat(Long.parseLong(quotaPeriod[0]) * 2).isEqualTo(Long.parseLong(quotaPeriod[1]));
    }

    @Test
    void pidsLimitIsSeenInside() {
        assertThat(runOut(List.of("--rm", "--pids-limit", "32"), "sh", "-c", CgroupFiles.PIDS_MAX))
                .isEqualTo("32");
    }

    @Test
    void readOnlyRootRefusesWrites() {
        Cmd.Result r = run(List.of("--rm", "--read-only"), "touch", "/x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Read-only file system");
        assertThat(runOut(List.of("--rm"), "sh", "-c", "touch /x && echo written")).isEqualTo("written");
    }

    @Test
    void userEnvAndWorkdirApply() {
        assertThat(runOut(List.of("--rm", "--user", "1000:1000"), "sh", "-c", "id -u; id -g"))
                .isEqualTo("1000\n1000");
        assertThat(runOut(List.of("--rm", "-e", "X=1"), "sh", "-c", "echo $X")).isEqualTo("1");
        assertThat(runOut(List.of("--rm", "-w", "/tmp"), "pwd")).isEqualTo("/tmp");
    }

    @Test
    void capDropAllLeavesNoEffectiveCapabilities() {
        assertThat(runOut(List.of("--rm", "--cap-drop", "ALL"), "grep", "CapEff", "/proc/self/status"))
                .isEqualTo("CapEff:\t0000000000000000");
        assertThat(runOut(List.of("--rm"), "grep", "CapEff", "/proc/self/status"))
                .isNotEqualTo("CapEff:\t0000000000000000");
    }

    @Test
    void hostnameIsSet() {
        assertThat(runOut(List.of("--rm", "--hostname", "h1"), "hostname")).isEqualTo("h1");
    }

    @Test
    void ttyGivesTheProcessATerminal() {
        Cmd.Result r = Cmd.run(Cmd.onTerminal(podman.argv(podman.runArgs(List.of("--rm", "-t"), "tty"))),
                podman.env()).ok();
        assertThat(r.out()).contains("/dev/pts/0");
        assertThat(runOut(List.of("--rm"), "sh", "-c", "tty || true")).isEqualTo("not a tty");
    }

    @Test
    void statsReportARunningContainer() {
        runOut(List.of("-d", "--name", "statme"), "sleep", "1000");
        podman.awaitStatus("statme", "running");
        String stats = podman.podman("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "statme").ok()
                .out().strip();
        assertThat(stats).isEqualTo("statme 1");
        podman.podman("rm", "--force", "--time", "0", "statme").ok();
    }

    @Test
    void killEndsTheContainerWithTheSignal() {
        runOut(List.of("-d", "--name", "killme"), "sleep", "1000");
        podman.awaitStatus("killme", "running");
        podman.podman("kill", "killme").ok();
        // podman wait blocks until conmon has the exit: 128 + SIGKILL.
        assertThat(podman.podman("wait", "killme").ok().out().strip()).isEqualTo("137");
        podman.podman("rm", "killme").ok();
    }

    @Test
    void pauseFreezesAndUnpauseThaws() {
        runOut(List.of("-d", "--name", "pauseme"), "sleep", "1000");
        podman.awaitStatus("pauseme", "running");
        podman.podman("pause", "pauseme").ok();
        assertThat(podman.inspect("pauseme", "{{.State.Status}} {{.State.Paused}}")).isEqualTo("paused true");
        // A paused container does not run exec'd work either: podman refuses it.
        assertThat(podman.podman("exec", "pauseme", "true").exit()).isNotZero();
        podman.podman("unpause", "pauseme").ok();
        assertThat(podman.inspect("pauseme", "{{.State.Status}} {{.State.Paused}}")).isEqualTo("running false");
        assertThat(podman.podman("exec", "pauseme", "echo", "thawed").ok().out().strip()).isEqualTo("thawed");
        podman.podman("rm", "--force", "--time", "0", "pauseme").ok();
    }
}
