package io.edgefusion.node.deploy;

/**
 * What puts a revision into effect: the supervisor implements it; {@link DeploymentService} calls it after the
 * revision is stored and records the outcome. Calls for one deployment never overlap (the service serializes
 * them); calls for different deployments may run at the same time.
 */
public interface Rollouts {
    /**
     * Rolls {@code deployment} out as {@code revision}: start its workloads in {@link StartOrder}, wait for each to
     * be healthy, then stop the workloads of the revision it replaces. Returns once the rollout has finished or
     * failed; on failure the revision it replaces keeps running and the reason says what went wrong (one line:
     * {@code api: health check failed 3 times: exit 1}). An exception counts as a failure with its message.
     */
    Outcome apply(Deployment deployment, int revision);

    /** Stops and removes every workload of deployment {@code name}; nothing of it runs afterwards. */
    void remove(String name);

    /** How a rollout ended. */
    sealed interface Outcome {
        record RolledOut() implements Outcome {
        }

        record Failed(String reason) implements Outcome {
        }
    }
}
