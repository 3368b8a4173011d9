package io.edgefusion.runtime.spec;

/** An environment assignment that cannot be one: {@code --env =x: empty variable name}. */
public final class EnvAssignmentException extends IllegalArgumentException {
    private final String assignment;
    private final String reason;

    public EnvAssignmentException(String flag, String assignment, String reason) {
        super(flag + " " + assignment + ": " + reason);
        this.assignment = assignment;
        this.reason = reason;
    }

    public String assignment() {
        return assignment;
    }

    public String reason() {
        return reason;
    }
}
