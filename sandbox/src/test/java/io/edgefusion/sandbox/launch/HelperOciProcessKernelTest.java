package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workload's umask and personality, extra fds handed to it ({@code fd}, runc's --preserve-fds) in run and
 * exec, and {@code pause_mounted} (Java's createContainer hooks in the sandbox's mount namespace).
 */
@KernelTest
class HelperOciProcessKernelTest {
    /** personality(2)'s ADDR_NO_RANDOMIZE. */
    private static final int ADDR_NO_RANDOMIZE = 0x0040000;

    private final TestSandboxes ts = new TestSandboxes();
    private Process caller;

    @AfterEach
    void tearDown() throws Exception {
        if (caller != null) {
            caller.destroyForcibly();
            caller.waitFor(30, TimeUnit.SECONDS);
        }
        ts.close();
    }

    /** A process whose stdout and stderr are files of the test: the fds a caller hands. */
    private Process caller() throws Exception {
        caller = new ProcessBuilder("sleep", "600").redirectOutput(ts.root().resolve("out").toFile())
                .redirectError(ts.root().resolve("err").toFile()).start();
        return caller;
    }

    private String runToEnd(String spec) {
        return RawHelper.runToEnd(ts.root(), spec);
    }

    private String failure(String spec, boolean afterPid) {
        return RawHelper.failure(ts.root(), spec, afterPid);
    }

    @Test
    void umaskAndPersonalityAreTheWorkloadsInRunAndExec() {
        Path root = OciSpecs.freshRoot(ts, "umask");
        String probe = "umask; cat /proc/self/personality";
        assertThat(runToEnd(OciSpecs.run(root, probe).line("umask", "027")
                .line("personality", Integer.toHexString(ADDR_NO_RANDOMIZE)).finish()))
                .isEqualTo("0027\n00040000\n");
        try (RawHelper init = RawHelper.start(ts.root(), OciSpecs.run(root, "exec sleep 600").finish())) {
            long pid = init.awaitPid();
            init.go();
            assertThat(init.line()).startsWith("started ");
            // the sandbox's init has neither: the exec'd process gets them from its own directives
            assertThat(runToEnd(OciSpecs.exec(pid, probe).line("umask", "0077")
                    .line("personality", Integer.toHexString(ADDR_NO_RANDOMIZE)).finish()))
                    .isEqualTo("0077\n00040000\n");
            assertThat(runToEnd(OciSpecs.exec(pid, probe).finish())).doesNotContain("00040000");
        }
    }

    @Test
    void handedFdsBecomeTheWorkloadsNumbersAndNoOtherFdSurvives() throws Exception {
        Process c = caller();
        Path root = OciSpecs.freshRoot(ts, "fds");
        // 3 is surely one of the helper's own numbers in the child (a pipe): it must not matter
        String out = runToEnd(OciSpecs.run(root, "echo to-3 >&3; echo to-7 >&7; ls /proc/$$/fd; true")
                .line("fd", c.pid(), 1, 3).line("fd", c.pid(), 2, 7).finish());
        assertThat(out.lines().toList()).containsExactly("0", "1", "2", "3", "7");
        assertThat(Files.readString(ts.root().resolve("out"))).isEqualTo("to-3\n");
        assertThat(Files.readString(ts.root().resolve("err"))).isEqualTo("to-7\n");

        try (RawHelper init = RawHelper.start(ts.root(), OciSpecs.run(root, "exec sleep 600").finish())) {
            long pid = init.awaitPid();
            init.go();
            assertThat(init.line()).startsWith("started ");
            assertThat(runToEnd(OciSpecs.exec(pid, "echo exec-to-5 >&5; ls /proc/$$/fd; true")
                    .line("fd", c.pid(), 1, 5).finish()).lines().toList()).containsExactly("0", "1", "2", "5");
            assertThat(Files.readString(ts.root().resolve("out"))).isEqualTo("to-3\nexec-to-5\n");
        }
    }

    @Test
    void anFdThatCannotBeTakenOrPlacedFails() throws Exception {
        Process c = caller();
        Path root = OciSpecs.freshRoot(ts, "fdfail");
        assertThat(failure(OciSpecs.run(root, "true").line("fd", c.pid(), 42, 3).finish(), false))
                .isEqualTo("error take%20fd%2042 9");
        // RLIMIT_NOFILE (7) of 64: fd 100 cannot exist in the workload
        assertThat(failure(OciSpecs.run(root, "true").line("rlimit", 7, 64, 64).line("fd", c.pid(), 1, 100)
                .finish(), true)).isEqualTo("error fd%20100 22");
    }

    /**
     * The child stops once its mounts are made and before pivot_root: a hook writes into a tmpfs that exists
     * only in the sandbox's mount namespace (through /proc/PID/root), and the workload reads it after go.
     */
    @Test
    void pauseMountedLetsJavaWorkInTheSandboxesMountNamespace() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "paused");
        String spec = OciSpecs.run(root, "cat /hooked/by-java").line("pause_mounted", 1)
                .line("mount", "tmpfs", "/hooked", "tmpfs", 0, null, "dir").finish();
        try (RawHelper h = RawHelper.start(ts.root(), spec)) {
            long pid = h.awaitPid();
            h.go();
            assertThat(h.line()).as(h.stderr()).isEqualTo("mounted");
            Path inside = Path.of("/proc/" + pid + "/root" + root + "/hooked");
            Files.writeString(inside.resolve("by-java"), "the hook ran\n");
            assertThat(root.resolve("hooked/by-java")).as("the host's directory has no such file").doesNotExist();
            h.go();
            assertThat(h.line()).startsWith("started ");
            assertThat(h.rest()).isEqualTo("the hook ran\n");
            assertThat(h.waitFor()).isZero();
        }
    }

    @Test
    void withoutTheSecondGoThePausedChildIsKilled() {
        Path root = OciSpecs.freshRoot(ts, "pausekill");
        try (RawHelper h = RawHelper.start(ts.root(), OciSpecs.run(root, "touch /ran").line("pause_mounted", 1)
                .finish())) {
            long pid = h.awaitPid();
            var started = ProcessHandle.of(pid).orElseThrow().info().startInstant();
            h.go();
            assertThat(h.line()).isEqualTo("mounted");
            h.closeInput();
            assertThat(h.waitFor()).isEqualTo(125);
            assertThat(h.rest()).isEmpty();
            assertThat(ProcessHandle.of(pid).filter(p -> p.info().startInstant().equals(started))).isEmpty();
            assertThat(root.resolve("ran")).doesNotExist();
        }
    }
}
