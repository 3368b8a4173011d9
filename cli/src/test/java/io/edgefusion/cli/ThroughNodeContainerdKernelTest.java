package io.edgefusion.cli;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.oci.e2e.BusyboxImage;
import io.edgefusion.oci.e2e.CaughtSignals;
import io.edgefusion.oci.e2e.Cmd;
import io.edgefusion.oci.e2e.Containerd;
import io.edgefusion.oci.e2e.TestDir;
import io.edgefusion.oci.e2e.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * containerd's runc v2 shim driving edgefusion-oci through the thin client into a real node ({@link
 * OciThroughNode}): {@code ctr run} and {@code ctr task} verbs, each runtime call proved to have run in the node.
 * The shim passes its own {@code --root}, so the wrapper adds none. A subset of {@code ContainerdKernelTest}.
 */
@KernelTest
class ThroughNodeContainerdKernelTest {
    private static OciThroughNode node;
    private static Containerd containerd;

    @BeforeAll
    static void setUp() throws Exception {
        node = OciThroughNode.start(List.of());
        Path dir = TestDir.create();
        containerd = new Containerd(dir, node.runtime());
        BusyboxImage image = BusyboxImage.create(dir.resolve("image-build"));
        containerd.ctr("images", "import", image.ociArchive().toString()).ok();
    }

    @AfterAll
    static void tearDown() throws Exception {
        OciThroughNode.closeAfter(containerd, node);
    }

    @AfterEach
    void everyCallReachedTheNode() throws IOException {
        node.noFallbacks();
    }

    @Test
    void runRmPassesExitCodesAndOutput() {
        assertThat(containerd.run("exit0", List.of("--rm"), "true").exit()).isZero();
        assertThat(node.served("create", "exit0")).isZero();
        assertThat(node.served("start", "exit0")).isZero();
        Cmd.Result r = containerd.run("exit42", List.of("--rm"), "sh", "-c", "echo out; exit 42");
        assertThat(r.exit()).as(r.describe()).isEqualTo(42);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(node.served("delete", "exit42")).isZero();
    }

    @Test
    void detachedTaskIsKilledAndDeleted() {
        containerd.run("detached", List.of("-d"), "sh", "-c", "trap 'exit 5' TERM; sleep 1000 & wait").ok();
        containerd.awaitTaskStatus("detached", "RUNNING");
        long pid = containerd.taskPid("detached");
        Wait.until("detached's shell to trap SIGTERM", () -> CaughtSignals.catches(pid, CaughtSignals.SIGTERM));
        containerd.ctr("task", "kill", "detached").ok();
        assertThat(node.served("kill", "detached")).isZero();
        containerd.awaitTaskStatus("detached", "STOPPED");
        assertThat(containerd.ctr("task", "delete", "detached").ok().err()).contains("exit code 5");
        assertThat(node.served("delete", "detached")).isZero();
        containerd.ctr("container", "delete", "detached").ok();
    }

    @Test
    void execAndPauseResume() {
        containerd.run("execme", List.of("-d", "--env", "FROM_RUN=yes"), "sleep", "1000").ok();
        containerd.awaitTaskStatus("execme", "RUNNING");
        Cmd.Result r = containerd.ctr("task", "exec", "--exec-id", "e1", "--fifo-dir",
                containerd.fifoDir().toString(), "execme", "sh", "-c", "echo exec sees $FROM_RUN; exit 9");
        assertThat(r.exit()).as(r.describe()).isEqualTo(9);
        assertThat(r.out()).isEqualTo("exec sees yes\n");
        assertThat(node.served("exec", "execme")).isZero();
        containerd.ctr("task", "pause", "execme").ok();
        assertThat(node.served("pause", "execme")).isZero();
        assertThat(containerd.taskStatus("execme")).isEqualTo("PAUSED");
        containerd.ctr("task", "resume", "execme").ok();
        assertThat(node.served("resume", "execme")).isZero();
        assertThat(containerd.taskStatus("execme")).isEqualTo("RUNNING");
        containerd.ctr("task", "kill", "--signal", "SIGKILL", "execme").ok();
        containerd.awaitTaskStatus("execme", "STOPPED");
        containerd.ctr("task", "delete", "execme").ok();
        containerd.ctr("container", "delete", "execme").ok();
    }
}
