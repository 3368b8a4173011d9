package io.edgefusion.sandbox;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.launch.LaunchFailure;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker's exit codes, streams kept apart, and output that never blocks the workload. */
@KernelTest
class SandboxExitCodesKernelTest {
    private static TestSandboxes ts;

    @BeforeAll
    static void setUp() {
        ts = new TestSandboxes();
    }

    @AfterAll
    static void tearDown() {
        ts.close();
    }

    private static int exit(String... cmd) {
        return ts.run(ts.spec(cmd).withOptions(null, null, false, false, true, true)).exitCode();
    }

    @Test
    void exitCodesZeroOneAndTheWorkloadsOwn() {
        assertThat(exit("true")).isZero();
        assertThat(exit("false")).isEqualTo(1);
        assertThat(exit("sh", "-c", "exit 42")).isEqualTo(42);
    }

    @Test
    void aCommandNotFoundIs127AndNothingIsLeft() {
        assertThatThrownBy(() -> exit("no-such-command")).isInstanceOfSatisfying(LaunchFailure.class, e -> {
            assertThat(e.exitCode()).isEqualTo(127);
            assertThat(e.getMessage()).contains("exec no-such-command").contains("ENOENT");
        });
        assertThat(ts.sandboxes().list()).isEmpty();
    }

    @Test
    void aCommandThatCannotBeExecutedIs126() {
        assertThatThrownBy(() -> exit("/etc/passwd")).isInstanceOfSatisfying(LaunchFailure.class,
                e -> assertThat(e.exitCode()).isEqualTo(126));
    }

    @Test
    void killedBySignalNineIs137() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sleep", "60"), true, OutputStream.nullOutputStream());
        sb.kill(r.id(), 9);
        long deadline = System.currentTimeMillis() + 5000;
        while (sb.inspect(r.id()).exitCode() == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sb.inspect(r.id()).exitCode()).isEqualTo(137);
        assertThat(sb.inspect(r.id()).signal()).isEqualTo(9);
        sb.remove(r.id(), false);
        ts.assertGone(r.id());
    }

    @Test
    void stdoutAndStderrAreKeptApart() throws Exception {
        Sandboxes sb = ts.sandboxes();
        ByteArrayOutputStream attached = new ByteArrayOutputStream();
        Sandboxes.RunResult r = sb.run(ts.spec("sh", "-c", "echo to-out; echo to-err >&2; echo out-again"), false,
                attached);
        assertThat(attached.toString()).isEqualTo("to-out\nout-again\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        sb.logs(r.id(), false, out, err);
        assertThat(out.toString()).isEqualTo("to-out\nout-again\n");
        assertThat(err.toString()).isEqualTo("to-err\n");
        sb.remove(r.id(), false);
    }

    @Test
    void tenMegabytesOfOutputDoNotBlockTheWorkload() throws Exception {
        Sandboxes sb = ts.sandboxes();
        CountingStream attached = new CountingStream();
        int code = sb.run(ts.spec("sh", "-c", "head -c 10485760 /dev/zero; echo done"
                ).withOptions(null, null, false, false, true, true), false, attached).exitCode();
        assertThat(code).isZero();
        assertThat(attached.count).isEqualTo(10485760 + 5);
        // Detached, nobody reads: the reaper drains into the capped log and the workload finishes anyway.
        Sandboxes.RunResult r = sb.run(ts.spec("sh", "-c", "head -c 10485760 /dev/zero; head -c 1048576 /dev/zero"
                + " >&2; echo done"), true, OutputStream.nullOutputStream());
        long deadline = System.currentTimeMillis() + 20_000;
        while (sb.inspect(r.id()).exitCode() == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sb.inspect(r.id()).exitCode()).isZero();
        CountingStream logged = new CountingStream();
        sb.logs(r.id(), false, logged, OutputStream.nullOutputStream());
        assertThat(logged.count).isEqualTo(10485760 + 5);
        sb.remove(r.id(), false);
        assertThat(List.of(r.id())).allSatisfy(id -> assertThat(sb.list()).noneMatch(s -> s.id().equals(id)));
    }

    @Test
    void theLogIsCappedByRotatingOnceAndKeepsTheNewestOutput() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sh", "-c", "head -c 40000000 /dev/zero; echo; echo tail-marker"),
                true, OutputStream.nullOutputStream());
        long deadline = System.currentTimeMillis() + 30_000;
        while (sb.inspect(r.id()).exitCode() == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        java.nio.file.Path dir = sb.stateDir(r.id());
        long cap = SandboxRunner.LOG_MAX;
        assertThat(java.nio.file.Files.size(dir.resolve("log"))).isLessThanOrEqualTo(cap);
        assertThat(java.nio.file.Files.size(dir.resolve("log.1"))).isLessThanOrEqualTo(cap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sb.logs(r.id(), false, out, OutputStream.nullOutputStream());
        assertThat((long) out.size()).isLessThanOrEqualTo(2 * cap).isGreaterThan(cap / 2);
        assertThat(out.toString()).endsWith("\ntail-marker\n");
        sb.remove(r.id(), false);
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
