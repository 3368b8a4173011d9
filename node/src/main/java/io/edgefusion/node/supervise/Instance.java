package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.WorkloadSpec;

import java.time.Instant;

/**
 * One row of the {@code instances} table: a workload of one revision of a deployment, the sandbox that runs it,
 * what should be (desired) and what was last seen (observed).
 *
 * @param sandboxId null until the started sandbox's id is recorded (the name finds it meanwhile)
 */
public record Instance(String deployment, String workload, int revision, String sandboxName, String sandboxId,
                       Desired desired, WorkloadState observed, int restarts, WorkloadSpec spec, Instant updatedAt) {

    public enum Desired {
        RUNNING, STOPPED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record Key(String deployment, String workload, int revision) {
        @Override
        public String toString() {
            return deployment + "/" + workload + "@r" + revision;
        }
    }

    public static Instance fresh(String deployment, WorkloadSpec spec, int revision, Instant now) {
        return new Instance(deployment, spec.name(), revision,
                WorkloadDriver.sandboxName(deployment, spec.name(), revision), null, Desired.RUNNING,
                WorkloadState.STARTING, 0, spec, now);
    }

    public Key key() {
        return new Key(deployment, workload, revision);
    }

    /** {@code <deployment>/<workload>}: the subject of its events. */
    public String subject() {
        return deployment + "/" + workload;
    }

    public Instance withSandbox(String id) {
        return new Instance(deployment, workload, revision, sandboxName, id, desired, observed, restarts, spec,
                updatedAt);
    }

    public Instance withDesired(Desired d) {
        return new Instance(deployment, workload, revision, sandboxName, sandboxId, d, observed, restarts, spec,
                updatedAt);
    }

    public Instance withObserved(WorkloadState s) {
        return new Instance(deployment, workload, revision, sandboxName, sandboxId, desired, s, restarts, spec,
                updatedAt);
    }

    public Instance withRestarts(int n) {
        return new Instance(deployment, workload, revision, sandboxName, sandboxId, desired, observed, n, spec,
                updatedAt);
    }
}
