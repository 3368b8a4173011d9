package io.edgefusion.sandbox;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.spec.Stdio;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handed stdio at the sandbox's API: the fds are those of another process (a stand-in for a thin client whose
 * fds a node holds), duplicated by the helper with pidfd_getfd; the workload reads and writes them itself.
 */
@KernelTest
class SandboxHandedStdioKernelTest {
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

    /** A process whose 0, 1, 2 are files of ours: {@code in} (holding "input\n"), {@code out}, {@code err}. */
    private Process caller() throws Exception {
        Path in = Files.writeString(ts.root().resolve("in"), "input\n");
        caller = new ProcessBuilder("sleep", "600").redirectInput(in.toFile())
                .redirectOutput(ts.root().resolve("out").toFile()).redirectError(ts.root().resolve("err").toFile())
                .start();
        return caller;
    }

    @Test
    void runAndExecUseAnotherProcesssFdsAsTheirStdio() throws Exception {
        Process c = caller();
        ByteArrayOutputStream relayedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream relayedErr = new ByteArrayOutputStream();
        Attach io = new Attach(relayedOut, null, null, null, relayedErr, new HandedFds(c.pid(), 0, 1, 2));
        Sandboxes.RunResult r = ts.sandboxes().run(ts.spec("sh", "-c", "cat; echo out; echo err >&2; exit 5")
                .withStdio(new Stdio(true, false)), false, io);
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(Files.readString(ts.root().resolve("out"))).isEqualTo("input\nout\n");
        assertThat(Files.readString(ts.root().resolve("err"))).isEqualTo("err\n");
        assertThat(relayedOut.size()).as("nothing was relayed").isZero();
        assertThat(relayedErr.size()).isZero();

        Sandboxes.RunResult d = ts.sandboxes().run(ts.spec("sleep", "600").withName("handed"), true,
                OutputStream.nullOutputStream());
        int code = ts.sandboxes().exec(d.id(), List.of("sh", "-c", "echo exec-out; echo exec-err >&2"), Map.of(),
                null, null, Stdio.DETACHED, io);
        assertThat(code).isZero();
        assertThat(Files.readString(ts.root().resolve("out"))).isEqualTo("input\nout\nexec-out\n");
        assertThat(Files.readString(ts.root().resolve("err"))).isEqualTo("err\nexec-err\n");
    }

    @Test
    void withoutIStdinIsNotHandedAndATtyKeepsOnlyTheHelpersStderr() throws Exception {
        Process c = caller();
        ByteArrayOutputStream relayedOut = new ByteArrayOutputStream();
        Attach io = new Attach(relayedOut, null, null, null, new ByteArrayOutputStream(),
                new HandedFds(c.pid(), 0, 1, 2));
        Sandboxes.RunResult r = ts.sandboxes().run(ts.spec("sh", "-c", "cat; readlink /proc/self/fd/0"), false, io);
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(ts.root().resolve("out"))).isEqualTo("/dev/null\n");

        r = ts.sandboxes().run(ts.spec("sh", "-c", "tty; echo pty-out").withStdio(new Stdio(false, true)), false,
                io);
        assertThat(r.exitCode()).isZero();
        // With -t the pty is all of the workload's stdio: its output comes relayed, the caller's file is untouched.
        assertThat(relayedOut.toString(StandardCharsets.UTF_8)).contains("/dev/pts/0").contains("pty-out");
        assertThat(Files.readString(ts.root().resolve("out"))).isEqualTo("/dev/null\n");
    }
}
