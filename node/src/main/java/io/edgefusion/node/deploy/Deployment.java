package io.edgefusion.node.deploy;

import io.edgefusion.guardian.config.GuardianConfig;

import java.util.List;

/**
 * A deployment file, parsed: a name, its workloads (started in {@code after} order) and how the guardian watches
 * them (its {@code guardian:} section). Stored as revision N+1 by {@code deploy}; {@code rollback} re-applies an
 * older revision's content as a new revision.
 */
public record Deployment(String name, List<WorkloadSpec> workloads, GuardianConfig guardian) {
    public Deployment {
        workloads = List.copyOf(workloads);
    }

    /** A deployment without a {@code guardian:} section: the guardian's defaults. */
    public Deployment(String name, List<WorkloadSpec> workloads) {
        this(name, workloads, GuardianConfig.defaults());
    }
}
