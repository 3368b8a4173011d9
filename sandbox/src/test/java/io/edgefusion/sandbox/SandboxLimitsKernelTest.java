package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Limits hold, enforced by the kernel on the sandbox's own cgroup. */
@KernelTest
class SandboxLimitsKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @Test
    void aMemoryHogIsOomKilledInsideItsSandboxAndTheKillIsRecorded() {
        // The shell holds 64 MiB in a variable; the sandbox has 16 MiB and no swap beyond it.
        var spec = ts.spec("sh", "-c", "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived ${#x}")
                .withLimits(LimitSettings.none().withMemory(16L << 20).withMemorySwap(16L << 20));
        Sandboxes.RunResult r = ts.sandboxes().run(spec, false, new ByteArrayOutputStream());
        assertThat(r.exitCode()).isEqualTo(137);
        SandboxState s = ts.sandboxes().inspect(r.id());
        assertThat(s.status()).isEqualTo(Status.EXITED);
        assertThat(s.oomKilled()).isTrue();
        assertThat(s.exitCode()).isEqualTo(137);
    }

    @Test
    void aForkBombStopsAtPidsMax() throws Exception {
        // The bomb runs in a subshell: ash gives up when fork fails, and PID 1 must outlive it.
        var spec = ts.spec("sh", "-c", "(while true; do sleep 30 & done); echo bomb-over; exec sleep 600")
                .withLimits(LimitSettings.none().withPidsMax(20));
        Sandboxes.RunResult r = ts.sandboxes().run(spec, true, new ByteArrayOutputStream());
        var cg = ts.sandboxes().cgroup(r.id());
        long deadline = System.currentTimeMillis() + 10_000;
        long peak = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (System.currentTimeMillis() < deadline && !out.toString().contains("bomb-over")) {
            peak = Math.max(peak, cg.stats().pids().orElseThrow().current());
            out.reset();
            ts.sandboxes().logs(r.id(), false, out, OutputStream.nullOutputStream());
            Thread.sleep(20);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ts.sandboxes().logs(r.id(), false, OutputStream.nullOutputStream(), err);
        assertThat(out.toString()).contains("bomb-over");
        assertThat(err.toString()).as("fork refused by the kernel at pids.max")
                .contains("can't fork: Resource temporarily unavailable");
        assertThat(peak).isLessThanOrEqualTo(20);
        // PID 1 + the 18 sleeps started before the subshell itself hit the limit and exited.
        assertThat(cg.stats().pids().orElseThrow().current()).isEqualTo(19);
        assertThat(ts.sandboxes().inspect(r.id()).status()).isEqualTo(io.edgefusion.sandbox.state.Status.RUNNING);
        ts.sandboxes().remove(r.id(), true);
        ts.assertGone(r.id());
    }

    @Test
    void aCpuHogAtHalfACpuIsThrottledWhileTheHostStaysResponsive() throws Exception {
        var spec = ts.spec("sh", "-c", "while :; do :; done").withLimits(LimitSettings.none().withCpus(0.5));
        Sandboxes.RunResult r = ts.sandboxes().run(spec, true, new ByteArrayOutputStream());
        var cg = ts.sandboxes().cgroup(r.id());
        Thread.sleep(300);
        CgroupStats.Cpu a = cg.stats().cpu().orElseThrow();
        long t0 = System.nanoTime();
        // The host keeps doing work while the hog runs: a fixed computation must finish promptly.
        long spin = System.nanoTime();
        double x = 0;
        for (int i = 0; i < 5_000_000; i++) {
            x += Math.sqrt(i);
        }
        long hostMillis = (System.nanoTime() - spin) / 1_000_000;
        Thread.sleep(1500 - Math.min(1500, hostMillis));
        CgroupStats.Cpu b = cg.stats().cpu().orElseThrow();
        double wall = (System.nanoTime() - t0) / 1e9;
        double used = (b.usageNanos().orElseThrow() - a.usageNanos().orElseThrow()) / 1e9;
        assertThat(b.nrThrottled()).isGreaterThan(a.nrThrottled());
        assertThat(b.throttledNanos()).isGreaterThan(a.throttledNanos());
        assertThat(used / wall).as("CPU share of the hog").isLessThan(0.6).isGreaterThan(0.3);
        assertThat(hostMillis).as("host computation beside the hog (x=" + x + ")").isLessThan(2000);
        ts.sandboxes().remove(r.id(), true);
        ts.assertGone(r.id());
    }
}
