package io.edgefusion.node.deploy;

/** A deployment request that cannot be done as asked; the message is the one line a user sees. */
public final class DeploymentRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Kind kind;

    public enum Kind {
        /** No such deployment or revision. */
        NOT_FOUND,
        /** The deployment's state does not allow it (removed, nothing to roll back to). */
        CONFLICT,
        /** The request itself is malformed. */
        BAD_REQUEST
    }

    public DeploymentRefused(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
