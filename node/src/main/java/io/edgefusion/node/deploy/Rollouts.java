package io.edgefusion.node.deploy;

/**
 * What rolls a stored revision out on this node ({@code deploy}, {@code rollback}, {@code undeploy} call it).
 * The supervisor's implementation persists every step first, so a node killed mid-rollout is finished or undone
 * by the next one.
 */
public interface Rollouts {
    /**
     * Rolls {@code d} out as {@code revision}: each workload in {@code after} order is started, awaited healthy,
     * and only then the previous revision's one stopped. Returns when it is rolled out, or failed (then the
     * previous revision's workloads run again) with the reason.
     */
    RolloutResult apply(Deployment d, int revision);

    /** Stops and removes every workload of deployment {@code name}; nothing of it remains. */
    void remove(String name);
}
