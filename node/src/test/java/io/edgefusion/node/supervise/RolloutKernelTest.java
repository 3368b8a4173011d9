package io.edgefusion.node.supervise;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.deploy.RolloutResult;
import io.edgefusion.node.events.NodeEvent;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Real rollouts of two busybox workloads (api after db), probed by exec inside their sandboxes. */
@KernelTest
class RolloutKernelTest {
    private final Fixture f = Fixture.real();

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Map<String, SandboxState> sandboxesByName() {
        return f.sandboxes().list().stream().collect(Collectors.toMap(SandboxState::name, s -> s));
    }

    private int indexOf(String subject, String type, String revision) {
        List<NodeEvent> all = f.events.all();
        for (int i = 0; i < all.size(); i++) {
            NodeEvent e = all.get(i);
            if (e.subject().equals(subject) && e.type().equals(type)
                    && revision.equals(e.attributes().get("revision"))) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " of " + subject + " r" + revision + " in " + all);
    }

    @Test
    void aRevisionRollsOutInAfterOrderAndReplacesThePreviousOne() throws Exception {
        RolloutResult r1 = f.supervision.rollouts().rollOut(TestDeployments.twoWorkloads(1, false), 1);
        assertThat(r1.ok()).as(r1.reason()).isTrue();
        Map<String, SandboxState> first = sandboxesByName();
        assertThat(first.keySet()).containsExactlyInAnyOrder("demo-db-r1", "demo-api-r1");
        assertThat(first.values()).allMatch(s -> s.status() == Status.RUNNING);
        // api starts only once db is healthy.
        assertThat(indexOf("demo/db", "workload.healthy", "1")).isLessThan(indexOf("demo/api", "workload.starting",
                "1"));

        RolloutResult r2 = f.supervision.rollouts().rollOut(TestDeployments.twoWorkloads(2, false), 2);
        assertThat(r2.ok()).as(r2.reason()).isTrue();
        Map<String, SandboxState> second = sandboxesByName();
        assertThat(second.keySet()).containsExactlyInAnyOrder("demo-db-r2", "demo-api-r2");
        assertThat(second.get("demo-db-r2").spec().env()).containsEntry("REVISION", "2");
        // Each old workload stops only after its new one is healthy; api r2 waits for db r2.
        assertThat(indexOf("demo/db", "workload.healthy", "2")).isLessThan(indexOf("demo/db", "workload.stopped",
                "1"));
        assertThat(indexOf("demo/api", "workload.healthy", "2")).isLessThan(indexOf("demo/api",
                "workload.stopped", "1"));
        assertThat(indexOf("demo/db", "workload.healthy", "2")).isLessThan(indexOf("demo/api",
                "workload.starting", "2"));
        for (SandboxState old : first.values()) {
            f.ts.assertGone(old.id());
        }
        assertThat(f.supervision.store().all()).extracting(Instance::sandboxName)
                .containsExactlyInAnyOrder("demo-db-r2", "demo-api-r2");
        assertThat(f.supervision.store().all()).allMatch(i -> i.observed() == WorkloadState.HEALTHY
                && i.desired() == Instance.Desired.RUNNING);
        assertThat(f.supervision.store().rollout("demo").orElseThrow().phase())
                .isEqualTo(RolloutProgress.Phase.DONE);
    }

    @Test
    void aFailingProbeFailsTheRolloutAndThePreviousRevisionRunsAgain() throws Exception {
        assertThat(f.supervision.rollouts().rollOut(TestDeployments.twoWorkloads(1, false), 1).ok()).isTrue();
        Map<String, SandboxState> first = sandboxesByName();

        RolloutResult r2 = f.supervision.rollouts().rollOut(TestDeployments.twoWorkloads(2, true), 2);
        assertThat(r2.ok()).isFalse();
        assertThat(r2.reason()).isEqualTo("api: health check failed 2 times");

        Map<String, SandboxState> after = sandboxesByName();
        assertThat(after.keySet()).containsExactlyInAnyOrder("demo-db-r1", "demo-api-r1");
        assertThat(after.values()).allMatch(s -> s.status() == Status.RUNNING);
        // api r1 was never touched (api r2 never got healthy); db r1 had been replaced and was started again.
        assertThat(after.get("demo-api-r1").id()).isEqualTo(first.get("demo-api-r1").id());
        assertThat(after.get("demo-db-r1").spec().env()).containsEntry("REVISION", "1");
        assertThat(f.supervision.store().all()).extracting(Instance::sandboxName)
                .containsExactlyInAnyOrder("demo-db-r1", "demo-api-r1");
        assertThat(f.supervision.store().all()).allMatch(i -> i.desired() == Instance.Desired.RUNNING);
        RolloutProgress p = f.supervision.store().rollout("demo").orElseThrow();
        assertThat(p.phase()).isEqualTo(RolloutProgress.Phase.FAILED);
        assertThat(p.reason()).isEqualTo("api: health check failed 2 times");
        assertThat(f.events.types("demo/api")).contains("workload.unhealthy").doesNotContain("workload.exited");
    }

    @Test
    void removeLeavesNothingOfTheDeployment() throws Exception {
        assertThat(f.supervision.rollouts().rollOut(TestDeployments.twoWorkloads(1, false), 1).ok()).isTrue();
        List<SandboxState> running = f.sandboxes().list();
        f.supervision.rollouts().remove("demo");
        assertThat(f.sandboxes().list()).isEmpty();
        for (SandboxState s : running) {
            f.ts.assertGone(s.id());
        }
        assertThat(f.supervision.store().all()).isEmpty();
        assertThat(f.supervision.store().rollout("demo")).isEmpty();
    }
}
