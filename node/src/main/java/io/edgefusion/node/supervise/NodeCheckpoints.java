package io.edgefusion.node.supervise;

/**
 * Named points of a rollout where a crash test stops the node so it can SIGKILL it there (environment variable
 * {@code EDGEFUSION_NODE_CHECKPOINT=<step>} or {@code <step>:<workload>}), proving that the next node resumes
 * from exactly that step. The same idea as the sandbox module's run checkpoints; unset, this is a no-op.
 */
public final class NodeCheckpoints {
    public static final String VARIABLE = "EDGEFUSION_NODE_CHECKPOINT";
    private static final String WANTED = System.getenv(VARIABLE);

    private NodeCheckpoints() {
    }

    public static void reach(String step, String workload) {
        if (WANTED == null) {
            return;
        }
        String named = workload == null ? step : step + ":" + workload;
        if (WANTED.equals(step) || WANTED.equals(named)) {
            io.edgefusion.sandbox.Checkpoints.hold(WANTED);
        }
    }
}
