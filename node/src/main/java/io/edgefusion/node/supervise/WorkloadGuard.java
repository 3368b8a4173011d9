package io.edgefusion.node.supervise;

import io.edgefusion.sandbox.SandboxStartHook;

import java.util.Optional;

/**
 * What supervision tells the guardian and asks it. The supervisor reports each live instance it takes over
 * ({@link #watch}) and lets go of ({@link #unwatch}, before it stops one on purpose: a retired or undeployed
 * sandbox's end is not a fault), every end ({@link #exited}) and every health probe ({@link #probed}); the
 * guardian's answers say whether the supervisor may go on (restart it, keep probing it) or whether a trip owns
 * the instance now. Sandboxes a trip holds for forensics are never stopped by supervision ({@link #holds}).
 */
public interface WorkloadGuard {
    /** {@code row} runs its sandbox and the supervisor tracks it. */
    void watch(Instance row);

    /** The supervisor lets {@code row} go (about to stop it, or no longer tracking it). */
    void unwatch(Instance row);

    /** {@code row}'s sandbox ended ({@code reason}: one line); true when the supervisor may restart it. */
    boolean exited(Instance row, String reason);

    /** A health probe of {@code row}: empty = passed, else why it failed; true when the supervisor keeps it. */
    boolean probed(Instance row, Optional<String> failure);

    /** Whether a trip holds sandbox {@code id} (isolated, waiting for its snapshot): stopping it must wait. */
    boolean holds(String sandboxId);

    /** The deployment {@code name} was undeployed: its breakers go. */
    void removed(String deployment);

    /**
     * Supervision finished its live restore and serves deployments: the guardian may act through them now (a trip
     * releases instances from {@code supervisor}, rolls back through {@code deployments}) and resumes its
     * unfinished trips.
     */
    void ready(Supervisor supervisor, io.edgefusion.node.deploy.DeploymentService deployments);

    /** Runs for every sandbox supervision starts, before the workload runs (prevention). */
    SandboxStartHook startHook();

    /** No guardian: everything allowed, nothing held. */
    WorkloadGuard NONE = new WorkloadGuard() {
        public void watch(Instance row) { }

        public void unwatch(Instance row) { }

        public boolean exited(Instance row, String reason) {
            return true;
        }

        public boolean probed(Instance row, Optional<String> failure) {
            return true;
        }

        public boolean holds(String sandboxId) {
            return false;
        }

        public void removed(String deployment) { }

        public void ready(Supervisor supervisor, io.edgefusion.node.deploy.DeploymentService deployments) { }

        public SandboxStartHook startHook() {
            return SandboxStartHook.NONE;
        }
    };
}
