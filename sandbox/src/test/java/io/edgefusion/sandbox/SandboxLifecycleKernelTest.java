package io.edgefusion.sandbox;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Detached life: ps, exec, logs, stop, kill, rm, --rm, names. */
@KernelTest
class SandboxLifecycleKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @Test
    void detachedSandboxIsListedExecedLoggedStoppedAndRemoved() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sh", "-c", "echo started; exec sleep 600").withName("svc"), true,
                OutputStream.nullOutputStream());
        SandboxState s = sb.inspect("svc");
        assertThat(s.id()).isEqualTo(r.id());
        assertThat(s.status()).isEqualTo(Status.RUNNING);
        assertThat(sb.list()).extracting(SandboxState::name).containsExactly("svc");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = sb.exec("svc", List.of("sh", "-c", "echo $$ $GREETING; cat /proc/1/cmdline; exit 3"),
                Map.of("GREETING", "hi"), null, null, out);
        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).doesNotStartWith("1 ").contains(" hi").contains("sleep");
        // The exec'd process joined the sandbox's cgroup (it is gone now; PID 1 stays alone in it).
        assertThat(sb.cgroup(r.id()).pids()).containsExactly(s.pid());

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        sb.logs("svc", false, log, OutputStream.nullOutputStream());
        assertThat(log.toString()).isEqualTo("started\n");

        // PID 1 ignores SIGTERM (the kernel shields a namespace's init), so stop's grace period runs out and it
        // kills: exit 137 (SIGKILL) proves the escalation without timing it.
        SandboxState stopped = sb.stop("svc", 1);
        assertThat(stopped.status()).isEqualTo(Status.EXITED);
        assertThat(stopped.exitCode()).isEqualTo(137);

        sb.remove("svc", false);
        ts.assertGone(r.id());
        assertThat(sb.list()).isEmpty();
    }

    @Test
    void aRunningSandboxNeedsForceToBeRemoved() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sleep", "600"), true, OutputStream.nullOutputStream());
        assertThatThrownBy(() -> sb.remove(r.id(), false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("running").hasMessageContaining("rm -f");
        assertThat(sb.inspect(r.id()).status()).isEqualTo(Status.RUNNING);
        sb.remove(r.id().substring(0, 12), true);
        ts.assertGone(r.id());
    }

    @Test
    void autoRemoveLeavesNothingAfterExit() throws Exception {
        TestSandboxes.Result r = ts.run(ts.spec("sh", "-c", "echo bye > /tmp/f; cat /tmp/f")
                .withOptions(null, null, false, false, true, true));
        assertThat(r.out()).isEqualTo("bye\n");
        ts.assertGone(r.id());
        assertThat(Files.list(ts.root().resolve("sandboxes")).count()).isZero();
    }

    @Test
    void namesAreUniqueAndReleasedOnRemove() {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult a = sb.run(ts.spec("sleep", "600").withName("dup"), true, OutputStream.nullOutputStream());
        assertThatThrownBy(() -> sb.run(ts.spec("true").withName("dup"), true, OutputStream.nullOutputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name dup is already in use");
        assertThat(sb.list()).hasSize(1);
        sb.remove("dup", true);
        Sandboxes.RunResult b = sb.run(ts.spec("true").withName("dup"), true, OutputStream.nullOutputStream());
        assertThat(b.id()).isNotEqualTo(a.id());
    }

    @Test
    void killSendsTheSignalToPidOne() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sh", "-c", "trap 'echo got-usr1; exit 5' USR1; echo trap-ready;"
                + " while :; do sleep 0.1; done"), true, OutputStream.nullOutputStream());
        // Signal only once the trap is installed (the workload says so after the trap line), never on a guess.
        long ready = System.currentTimeMillis() + 10_000;
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        while (!early.toString().contains("trap-ready")) {
            assertThat(System.currentTimeMillis()).as("the workload never installed its trap").isLessThan(ready);
            Thread.sleep(20); // poll interval of a bounded wait on the workload's marker
            early.reset();
            sb.logs(r.id(), false, early, OutputStream.nullOutputStream());
        }
        sb.kill(r.id(), 10);
        long deadline = System.currentTimeMillis() + 5000;
        while (sb.inspect(r.id()).status() == Status.RUNNING && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sb.inspect(r.id()).exitCode()).isEqualTo(5);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        sb.logs(r.id(), false, log, OutputStream.nullOutputStream());
        assertThat(log.toString()).contains("got-usr1");
    }
}
