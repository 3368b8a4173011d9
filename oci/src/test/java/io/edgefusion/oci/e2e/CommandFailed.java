package io.edgefusion.oci.e2e;

/** A host command (podman, ctr, tar…) that did not end as expected: names the command, its exit and stderr. */
public final class CommandFailed extends AssertionError {
    public CommandFailed(String message) {
        super(message);
    }
}
