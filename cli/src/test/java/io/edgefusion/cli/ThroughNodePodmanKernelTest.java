package io.edgefusion.cli;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.oci.e2e.BusyboxImage;
import io.edgefusion.oci.e2e.CaughtSignals;
import io.edgefusion.oci.e2e.CgroupFiles;
import io.edgefusion.oci.e2e.Cmd;
import io.edgefusion.oci.e2e.Podman;
import io.edgefusion.oci.e2e.TestDir;
import io.edgefusion.oci.e2e.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * podman driving edgefusion-oci through the thin client into a real {@code edgefusion node}, as a host with a
 * node runs it: podman's {@code --runtime} is a wrapper that execs the client with {@code oci "$@"}, so every verb
 * podman and conmon call (create, start, state, kill, exec, pause, resume, delete) runs in the node, and the
 * helper the node has the client spawn is conmon's descendant. {@link OciThroughNode} proves the path: no call
 * fell back (after each case), and the node logged the verbs each case looks up by container id. The same runtime as {@code PodmanKernelTest} (the cold JVM), so a subset of its cases.
 */
@KernelTest
class ThroughNodePodmanKernelTest {
    private static Path dir;
    private static OciThroughNode node;
    private static Podman podman;

    @BeforeAll
    static void setUp() throws Exception {
        dir = TestDir.create();
        node = OciThroughNode.start(List.of("--root", dir.resolve("oci").toString()));
        podman = new Podman(dir, node.runtime());
        BusyboxImage image = BusyboxImage.create(Files.createDirectories(dir.resolve("image")));
        podman.podman("import", image.rootfsTar().toString(), BusyboxImage.REF).ok();
    }

    @AfterAll
    static void tearDown() throws Exception {
        OciThroughNode.closeAfter(podman, node);
    }

    @AfterEach
    void everyCallReachedTheNode() throws IOException {
        node.noFallbacks();
    }

    private static int served(String verb, String id) {
        return node.served(verb, id);
    }

    /** {@code podman run --cidfile …}: the result and the container's id. */
    private record Ran(Cmd.Result result, String id) {
    }

    private static Ran run(String cidName, List<String> options, String... command) throws IOException {
        Path cidfile = dir.resolve(cidName + ".cid");
        Files.deleteIfExists(cidfile);
        List<String> all = new java.util.ArrayList<>(List.of("--cidfile", cidfile.toString()));
        all.addAll(options);
        Cmd.Result r = podman.run(all, command);
        String id = Files.readString(cidfile).strip();
        assertThat(id).as(r.describe()).hasSize(64);
        return new Ran(r, id);
    }

    @Test
    void exitCodesPassThrough() throws IOException {
        Ran ok = run("zero", List.of("--rm"), "true");
        assertThat(ok.result().exit()).as(ok.result().describe()).isZero();
        assertThat(served("create", ok.id())).isZero();
        assertThat(served("start", ok.id())).isZero();
        assertThat(served("delete", ok.id())).isZero();

        Ran code = run("fortytwo", List.of("--rm"), "sh", "-c", "exit 42");
        assertThat(code.result().exit()).as(code.result().describe()).isEqualTo(42);
        assertThat(served("start", code.id())).isZero();
    }

    @Test
    void aMissingProgramIs127() throws IOException {
        Ran r = run("missing", List.of("--rm", "--name", "missing"), "/no/such/program");
        assertThat(r.result().exit()).as(r.result().describe()).isEqualTo(127);
        assertThat(podman.podman("container", "exists", "missing").exit()).isEqualTo(1);
        // The node ran the runtime's create; the container is gone again.
        served("create", r.id());
        served("delete", r.id());
    }

    @Test
    void outputReachesTheCaller() throws IOException {
        Ran r = run("echo", List.of("--rm"), "echo", "hello through the node");
        assertThat(r.result().ok().out().strip()).isEqualTo("hello through the node");
        assertThat(served("start", r.id())).isZero();
    }

    @Test
    void detachedStopSendsTermThenRmRemoves() {
        // PID 1 ignores SIGTERM unless it traps it: the trap's exit code proves stop delivered the signal.
        String id = podman.run(List.of("-d", "--name", "stopme"), "sh", "-c", "trap 'exit 3' TERM; sleep 1000 & wait")
                .ok().out().strip();
        assertThat(id).hasSize(64);
        podman.awaitStatus("stopme", "running");
        long pid = Long.parseLong(podman.inspect("stopme", "{{.State.Pid}}"));
        Wait.until("stopme's shell to trap SIGTERM", () -> CaughtSignals.catches(pid, CaughtSignals.SIGTERM));
        podman.podman("stop", "--time", "30", "stopme").ok();
        assertThat(served("kill", id)).isZero();
        assertThat(podman.inspect("stopme", "{{.State.Status}} {{.State.ExitCode}}")).isEqualTo("exited 3");
        podman.podman("rm", "stopme").ok();
        assertThat(served("delete", id)).isZero();
        assertThat(podman.podman("container", "exists", "stopme").exit()).isEqualTo(1);
    }

    @Test
    void execRunsInTheContainerWithItsOwnExitCode() {
        String id = podman.run(List.of("-d", "--name", "execme", "-e", "FROM_RUN=yes"), "sleep", "1000").ok().out()
                .strip();
        podman.awaitStatus("execme", "running");
        Cmd.Result r = podman.podman("exec", "execme", "sh", "-c", "echo exec sees $FROM_RUN; exit 7");
        assertThat(r.exit()).as(r.describe()).isEqualTo(7);
        assertThat(r.out().strip()).isEqualTo("exec sees yes");
        assertThat(served("exec", id)).isZero();
        // The exec'd process shares the container's PID namespace: PID 1 is the container's sleep.
        assertThat(podman.podman("exec", "execme", "cat", "/proc/1/cmdline").ok().out()).startsWith("sleep");
        podman.podman("rm", "--force", "--time", "0", "execme").ok();
    }

    @Test
    void memoryLimitIsSeenInside() throws IOException {
        Ran r = run("memory", List.of("--rm", "--memory", "64m"), "sh", "-c", CgroupFiles.MEMORY_LIMIT);
        assertThat(r.result().ok().out().strip()).isEqualTo(Long.toString(64L << 20));
        assertThat(served("create", r.id())).isZero();
    }

    @Test
    void ttyGivesTheProcessATerminal() throws IOException {
        Path cidfile = dir.resolve("tty.cid");
        Files.deleteIfExists(cidfile);
        Cmd.Result r = Cmd.run(Cmd.onTerminal(podman.argv(podman.runArgs(List.of("--rm", "-t", "--cidfile",
                cidfile.toString()), "tty"))), podman.env()).ok();
        assertThat(r.out()).contains("/dev/pts/0");
        assertThat(served("create", Files.readString(cidfile).strip())).isZero();
    }

    @Test
    void pauseFreezesAndUnpauseThaws() {
        String id = podman.run(List.of("-d", "--name", "pauseme"), "sleep", "1000").ok().out().strip();
        podman.awaitStatus("pauseme", "running");
        podman.podman("pause", "pauseme").ok();
        assertThat(served("pause", id)).isZero();
        assertThat(podman.inspect("pauseme", "{{.State.Status}} {{.State.Paused}}")).isEqualTo("paused true");
        podman.podman("unpause", "pauseme").ok();
        assertThat(served("resume", id)).isZero();
        assertThat(podman.inspect("pauseme", "{{.State.Status}} {{.State.Paused}}")).isEqualTo("running false");
        assertThat(podman.podman("exec", "pauseme", "echo", "thawed").ok().out().strip()).isEqualTo("thawed");
        podman.podman("rm", "--force", "--time", "0", "pauseme").ok();
    }
}
