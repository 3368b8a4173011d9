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
        // The limit held throughout (how many sleeps fit under it depends on the shell's forks, not on us).
        assertThat(peak).isLessThanOrEqualTo(20);
        assertThat(cg.stats().pids().orElseThrow().current()).isLessThanOrEqualTo(20);
        assertThat(cg.stats().pids().orElseThrow().max()).hasValue(20);
        assertThat(ts.sandboxes().inspect(r.id()).status()).isEqualTo(io.edgefusion.sandbox.state.Status.RUNNING);
        ts.sandboxes().remove(r.id(), true);
        ts.assertGone(r.id());
    }

    @Test
    void aCpuHogAtHalfACpuIsThrottledAndGetsNoMoreThanItsQuota() throws Exception {
        LimitSettings half = LimitSettings.none().withCpus(0.5);
        var spec = ts.spec("sh", "-c", "while :; do :; done").withLimits(half);
        Sandboxes.RunResult r = ts.sandboxes().run(spec, true, new ByteArrayOutputStream());
        var cg = ts.sandboxes().cgroup(r.id());
        long quotaNanos = half.cpuQuotaMicros().orElseThrow() * 1000;
        // Measured in the kernel's own enforcement periods, not wall time, so a busy host changes nothing: the
        // hog has met its quota once a period was throttled; over the next ten or more periods it can have run
        // at most one quota per period, plus one period for the window's two partial ends and one for slack.
        CgroupStats.Cpu a = awaitCpu(cg, c -> c.nrThrottled() > 0);
        // throttled time is added when a throttled period ends, after nr_throttled counted it: wait for both.
        CgroupStats.Cpu b = awaitCpu(cg, c -> c.nrPeriods() >= a.nrPeriods() + 10 && c.nrThrottled() > a.nrThrottled()
                && c.throttledNanos() > a.throttledNanos());
        long periods = b.nrPeriods() - a.nrPeriods();
        long used = b.usageNanos().orElseThrow() - a.usageNanos().orElseThrow();
        assertThat(b.throttledNanos()).isGreaterThan(a.throttledNanos());
        assertThat(used).as("CPU the hog used in " + periods + " periods of quota " + quotaNanos + " ns")
                .isPositive().isLessThanOrEqualTo((periods + 2) * quotaNanos);
        ts.sandboxes().remove(r.id(), true);
        ts.assertGone(r.id());
    }

    /** Polls the cgroup's CPU counters until {@code done} holds; fails after 30 s. */
    private static CgroupStats.Cpu awaitCpu(io.edgefusion.kernel.cgroup.CgroupManager cg,
                                            java.util.function.Predicate<CgroupStats.Cpu> done) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            CgroupStats.Cpu c = cg.stats().cpu().orElseThrow();
            if (done.test(c)) {
                return c;
            }
            assertThat(System.nanoTime()).as("cgroup CPU counters never reached the condition: " + c)
                    .isLessThan(deadline);
            Thread.sleep(10); // poll interval of a bounded wait on the counters, not a timing assumption
        }
    }
}
