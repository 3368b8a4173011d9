package io.edgefusion.guardian;

/**
 * The workload instance the guardian watches or acts on.
 *
 * @param name      the node's name for the workload, stable across revisions ({@code <deployment>/<workload>})
 * @param revision  the deployment revision it runs, as the node numbers it
 * @param sandboxId the sandbox running it now
 */
public record WorkloadRef(String name, String revision, String sandboxId) {
    public WorkloadRef {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a workload needs a name");
        }
    }
}
