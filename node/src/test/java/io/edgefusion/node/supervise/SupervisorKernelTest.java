package io.edgefusion.node.supervise;

import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.deploy.Deployment;
import io.edgefusion.node.deploy.HealthCheck;
import io.edgefusion.node.deploy.RestartPolicy;
import io.edgefusion.node.events.NodeEvent;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restarts and live restore on real sandboxes, with the clock and the timers driven by hand: the kernel's exit
 * notice arrives for real, the backoff's delays are read from the scheduler and passed by advancing it.
 */
@KernelTest
class SupervisorKernelTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final Fixture f = Fixture.manual(clock, scheduler, sb -> (id, check) -> healthy.get());

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static Deployment one(RestartPolicy.Mode mode, Optional<HealthCheck> health) {
        return new Deployment("solo", List.of(TestDeployments.workload("w", 1, health,
                new RestartPolicy(mode, Duration.ofMillis(100), Duration.ofMillis(400)), List.of())));
    }

    private SandboxState current() {
        return f.sandboxes().inspect("solo-w-r1");
    }

    private void kill9(SandboxState s) {
        Libc.kill(Math.toIntExact(s.pid()), Libc.SIGKILL);
    }

    @Test
    void kill9RestartsWithDoublingBackoffThatResetsAfterAStableRun() throws Exception {
        assertThat(f.supervision.rollouts().rollOut(one(RestartPolicy.Mode.ALWAYS, Optional.empty()), 1).ok()).isTrue();
        SandboxState first = current();

        kill9(first);
        assertThat(scheduler.awaitPending(WAIT)).isEqualTo(Duration.ofMillis(100));
        assertThat(scheduler.pending()).hasSize(1);
        assertThat(f.events.awaitNth("solo/w", "workload.exited", 1, WAIT).attributes())
                .containsEntry("exitCode", "137");
        scheduler.advance(Duration.ofMillis(100));
        SandboxState second = current();
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.status()).isEqualTo(Status.RUNNING);
        f.ts.assertGone(first.id());

        kill9(second);
        assertThat(scheduler.awaitPending(WAIT)).isEqualTo(Duration.ofMillis(200));
        assertThat(scheduler.pending()).hasSize(1);
        scheduler.advance(Duration.ofMillis(199));
        assertThat(f.sandboxes().inspect("solo-w-r1").id()).isEqualTo(second.id()); // not yet
        scheduler.advance(Duration.ofMillis(1));
        SandboxState third = current();
        assertThat(third.id()).isNotEqualTo(second.id());

        clock.advance(RestartPolicy.STABLE);
        kill9(third);
        assertThat(scheduler.awaitPending(WAIT)).isEqualTo(Duration.ofMillis(100));
        assertThat(scheduler.pending()).hasSize(1);
        scheduler.advance(Duration.ofMillis(100));
        assertThat(current().status()).isEqualTo(Status.RUNNING);
        assertThat(f.sandboxes().list()).hasSize(1);
        Instance row = f.supervision.store().all().getFirst();
        assertThat(row.restarts()).isEqualTo(3);
        assertThat(row.observed()).isEqualTo(WorkloadState.RUNNING);
        assertThat(row.sandboxId()).isEqualTo(current().id());
        assertThat(f.events.types("solo/w")).containsSubsequence("workload.running", "workload.exited",
                "workload.backoff", "workload.starting", "workload.running");
    }

    @Test
    void policyNoLeavesItExited() throws Exception {
        assertThat(f.supervision.rollouts().rollOut(one(RestartPolicy.Mode.NO, Optional.empty()), 1).ok()).isTrue();
        kill9(current());
        f.events.awaitNth("solo/w", "workload.exited", 1, WAIT);
        assertThat(scheduler.pending()).isEmpty();
        awaitRow(WorkloadState.EXITED);
    }

    @Test
    void failingProbesMakeItUnhealthyAndOnFailureRestartsIt() throws Exception {
        HealthCheck check = new HealthCheck(new HealthCheck.Probe.Exec(List.of("true")), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 2);
        Thread apply = Thread.ofVirtual().start(() -> f.supervision.rollouts().rollOut(
                one(RestartPolicy.Mode.ON_FAILURE, Optional.of(check)), 1));
        // The rollout's first probe: early, in the start phase (HealthWait.START_INTERVAL), not an interval later.
        assertThat(scheduler.awaitPending(WAIT)).isEqualTo(HealthWait.START_INTERVAL);
        scheduler.advance(HealthWait.START_INTERVAL);
        apply.join();
        SandboxState first = current();
        assertThat(f.supervision.store().all().getFirst().observed()).isEqualTo(WorkloadState.HEALTHY);

        healthy.set(false);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(f.supervision.store().all().getFirst().observed()).isEqualTo(WorkloadState.HEALTHY);
        scheduler.advance(Duration.ofSeconds(1)); // second failure in a row: unhealthy, killed, backoff
        assertThat(f.events.types("solo/w")).containsSubsequence("workload.healthy", "workload.unhealthy",
                "workload.exited", "workload.backoff");
        f.ts.assertGone(first.id());
        healthy.set(true);
        scheduler.advance(Duration.ofMillis(100)); // the restart
        assertThat(current().status()).isEqualTo(Status.RUNNING);
        scheduler.advance(Duration.ofSeconds(1)); // its first probe passes
        assertThat(f.supervision.store().all().getFirst().observed()).isEqualTo(WorkloadState.HEALTHY);
    }

    @Test
    void aNewNodeAdoptsTheLiveReapsTheDeadAndRemovesStrays() throws Exception {
        Deployment d = new Deployment("solo", List.of(
                TestDeployments.workload("keep", 1, Optional.empty(), new RestartPolicy(RestartPolicy.Mode.ALWAYS,
                        Duration.ofMillis(100), Duration.ofSeconds(1)), List.of()),
                TestDeployments.workload("dies", 1, Optional.empty(), new RestartPolicy(RestartPolicy.Mode.ON_FAILURE,
                        Duration.ofMillis(100), Duration.ofSeconds(1)), List.of()),
                TestDeployments.workload("lost", 1, Optional.empty(), new RestartPolicy(RestartPolicy.Mode.ALWAYS,
                        Duration.ofMillis(100), Duration.ofSeconds(1)), List.of())));
        assertThat(f.supervision.rollouts().rollOut(d, 1).ok()).isTrue();
        SandboxState keep = f.sandboxes().inspect("solo-keep-r1");
        SandboxState dies = f.sandboxes().inspect("solo-dies-r1");
        SandboxState lost = f.sandboxes().inspect("solo-lost-r1");

        // The node goes away; meanwhile one workload dies (its reaper records it), one is removed behind its
        // back, and a sandbox named like the deployment's appears that no row names.
        ManualScheduler next = new ManualScheduler(clock);
        f.supervision.supervisor().close();
        kill9(dies);
        awaitStatus("solo-dies-r1", Status.EXITED);
        f.sandboxes().remove(lost.id(), true);
        String stray = f.sandboxes().run(f.ts.spec("sleep", "600").withName("solo-ghost-r7"), true,
                java.io.OutputStream.nullOutputStream()).id();

        f.reopen(clock, next, sb -> (id, check) -> true).restore();
        assertThat(f.sandboxes().inspect("solo-keep-r1").id()).isEqualTo(keep.id()); // adopted, not restarted
        assertThat(next.pending()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
        next.advance(Duration.ofMillis(100));
        assertThat(f.sandboxes().inspect("solo-dies-r1").id()).isNotEqualTo(dies.id());
        assertThat(f.sandboxes().inspect("solo-lost-r1").status()).isEqualTo(Status.RUNNING);
        f.ts.assertGone(dies.id());
        f.ts.assertGone(stray);
        assertThat(f.sandboxes().list()).extracting(SandboxState::name)
                .containsExactlyInAnyOrder("solo-keep-r1", "solo-dies-r1", "solo-lost-r1");

        // The adopted one is watched by the new node: its dead reaper is noticed from the kernel.
        Libc.kill(Math.toIntExact(keep.reaperPid()), Libc.SIGKILL);
        NodeEvent exited = f.events.await(e -> e.subject().equals("solo/keep") && e.type().equals("workload.exited"),
                WAIT);
        assertThat(exited.attributes()).containsEntry("exitCode", "unknown");
    }

    private void awaitRow(WorkloadState want) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (f.supervision.store().all().getFirst().observed() != want) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the row never became " + want);
            }
            Thread.sleep(5); // a condition wait, not a timing assumption
        }
    }

    private void awaitStatus(String name, Status want) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (f.sandboxes().inspect(name).status() != want) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " never became " + want);
            }
            Thread.sleep(5); // a condition wait on the reaper's exit record, not a timing assumption
        }
    }
}
