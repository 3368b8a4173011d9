package io.edgefusion.node.deploy;

import java.util.List;

/**
 * A deployment file, parsed: a name and its workloads (started in {@code after} order). Stored as revision
 * N+1 by {@code deploy}; {@code rollback} re-applies an older revision's content as a new revision.
 */
public record Deployment(String name, List<WorkloadSpec> workloads) {
    public Deployment {
        workloads = List.copyOf(workloads);
    }
}
