package io.edgefusion.node.metrics;

import java.util.List;
import java.util.Optional;

/**
 * What the supervisor knows about deployment workloads, for {@code /metrics}: which sandbox runs each, how often
 * it was restarted and whether its health check passes. The supervisor implements it; {@link #NONE} reports no
 * workloads (a node without deployments, or tests).
 */
@FunctionalInterface
public interface WorkloadStatusSource {
    WorkloadStatusSource NONE = List::of;

    List<WorkloadStatus> workloads();

    /**
     * @param deployment the deployment's name
     * @param workload   the workload's name within it
     * @param sandboxId  the sandbox that runs it now, if one does
     * @param restarts   restarts since the workload was deployed (a counter: never goes down while it exists)
     * @param healthy    the last health verdict; empty when it has no check or none ran yet
     */
    record WorkloadStatus(String deployment, String workload, Optional<String> sandboxId, long restarts,
                          Optional<Boolean> healthy) {
    }
}
