package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.RestartPolicy;
import io.edgefusion.sandbox.spec.SandboxSpec;

/**
 * One row of {@code adhoc_restarts}: a sandbox started by {@code run -d --restart POLICY} that the node
 * restarts by its policy. Its spec is kept here, since a restart removes the ended sandbox (and its record)
 * before making the new one under the same name.
 *
 * @param maxRetries {@code on-failure:N}'s N, or 0 for no limit
 */
public record AdHocEntry(String name, String sandboxId, RestartPolicy.Mode mode, int maxRetries, int restarts,
                         WorkloadState observed, SandboxSpec spec) {
    public String subject() {
        return "adhoc/" + name;
    }

    public AdHocEntry with(String id, WorkloadState state, int restartCount) {
        return new AdHocEntry(name, id, mode, maxRetries, restartCount, state, spec);
    }
}
