package io.edgefusion.oci.e2e;

import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * containerd 1.6's runc v2 shim driving the runtime under test ({@link RuntimeUnderTest}) as its runc binary:
 * what {@code ctr run}, {@code ctr task …} and so Kubernetes through containerd need from it.
 */
@KernelTest
class ContainerdKernelTest {
    /** ctr's default spec mounts no cgroupfs; a read-only one lets the task read its own limits. */
    private static final String CGROUP_MOUNT =
            "type=cgroup,src=cgroup,dst=/sys/fs/cgroup,options=ro:nosuid:nodev:noexec";

    private static Containerd containerd;

    @BeforeAll
    static void setUp() {
        Path runtime = RuntimeUnderTest.path();
        Path dir = TestDir.create();
        containerd = new Containerd(dir, runtime);
        BusyboxImage image = BusyboxImage.create(dir.resolve("image-build"));
        containerd.ctr("images", "import", image.ociArchive().toString()).ok();
    }

    @AfterAll
    static void tearDown() {
        if (containerd != null) {
            containerd.close();
        }
    }

    @Test
    void runRmPassesExitCodesAndOutput() {
        assertThat(containerd.run("exit0", List.of("--rm"), "true").exit()).isZero();
        Cmd.Result r = containerd.run("exit42", List.of("--rm"), "sh", "-c", "echo out; echo err >&2; exit 42");
        assertThat(r.exit()).as(r.describe()).isEqualTo(42);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).contains("err");
        assertThat(containerd.ctr("container", "ls", "-q").ok().out().lines()).doesNotContain("exit0", "exit42");
    }

    @Test
    void detachedTaskIsKilledAndDeleted() {
        // The trap's exit code proves ctr task kill's SIGTERM reached PID 1 through the runtime's kill.
        containerd.run("detached", List.of("-d"), "sh", "-c", "trap 'exit 5' TERM; sleep 1000 & wait").ok();
        containerd.awaitTaskStatus("detached", "RUNNING");
        long pid = containerd.taskPid("detached");
        Wait.until("detached's shell to trap SIGTERM", () -> CaughtSignals.catches(pid, CaughtSignals.SIGTERM));
        assertThat(containerd.shimOptions("detached")).contains(RuntimeUnderTest.path().toString());
        containerd.ctr("task", "kill", "detached").ok();
        containerd.awaitTaskStatus("detached", "STOPPED");
        Cmd.Result deleted = containerd.ctr("task", "delete", "detached").ok();
        assertThat(deleted.err()).contains("exit code 5");
        assertThat(containerd.taskStatus("detached")).isEmpty();
        containerd.ctr("container", "delete", "detached").ok();
    }

    @Test
    void execRunsInTheTaskWithItsOwnExitCode() {
        containerd.run("execme", List.of("-d", "--env", "FROM_RUN=yes"), "sleep", "1000").ok();
        containerd.awaitTaskStatus("execme", "RUNNING");
        Cmd.Result r = containerd.ctr("task", "exec", "--exec-id", "e1", "--fifo-dir",
                containerd.fifoDir().toString(), "execme", "sh", "-c", "echo exec sees $FROM_RUN; exit 9");
        assertThat(r.exit()).as(r.describe()).isEqualTo(9);
        assertThat(r.out()).isEqualTo("exec sees yes\n");
        end("execme");
    }

    @Test
    void memoryLimitIsSeenInside() {
        String limit = containerd.run("memlimit", List.of("--rm", "--memory-limit", Long.toString(64L << 20),
                "--mount", CGROUP_MOUNT), "sh", "-c", CgroupFiles.MEMORY_LIMIT).ok().out().strip();
        assertThat(limit).isEqualTo(Long.toString(64L << 20));
    }

    @Test
    void pauseFreezesAndResumeThaws() {
        containerd.run("pauseme", List.of("-d"), "sleep", "1000").ok();
        containerd.awaitTaskStatus("pauseme", "RUNNING");
        containerd.ctr("task", "pause", "pauseme").ok();
        assertThat(containerd.taskStatus("pauseme")).isEqualTo("PAUSED");
        containerd.ctr("task", "resume", "pauseme").ok();
        assertThat(containerd.taskStatus("pauseme")).isEqualTo("RUNNING");
        Cmd.Result r = containerd.ctr("task", "exec", "--exec-id", "after-resume", "--fifo-dir",
                containerd.fifoDir().toString(), "pauseme", "echo", "thawed").ok();
        assertThat(r.out()).isEqualTo("thawed\n");
        end("pauseme");
    }

    @Test
    void ttyGivesTheTaskATerminal() {
        Cmd.Result r = Cmd.run(Cmd.onTerminal(containerd.argv(containerd.runArgs("tty", List.of("--rm", "--tty"),
                "tty"))), Map.of()).ok();
        assertThat(r.out()).contains("/dev/pts/0");
    }

    @Test
    void theV1ShimRunsTheRuntimeNamedInTheDaemonConfig() {
        Cmd.Result r = containerd.runV1("v1shim", "sh", "-c", "echo via v1; exit 42");
        assertThat(r.exit()).as(r.describe()).isEqualTo(42);
        assertThat(r.out()).isEqualTo("via v1\n");
    }

    /** Kills a detached task with SIGKILL, waits for it to stop, deletes it and its container. */
    private static void end(String id) {
        containerd.ctr("task", "kill", "--signal", "SIGKILL", id).ok();
        containerd.awaitTaskStatus(id, "STOPPED");
        containerd.ctr("task", "delete", id).ok();
        containerd.ctr("container", "delete", id).ok();
    }
}
