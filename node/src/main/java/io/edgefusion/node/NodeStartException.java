package io.edgefusion.node;

/**
 * Why a node did not start, in one line, with the exit code its entry points return: 1 a profile that does not
 * validate (or an untrusted key), 2 a start failure, 3 a started module that is not ready, 125 the root is
 * served already or a listener cannot bind.
 */
public final class NodeStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final int INVALID_PROFILE = 1;
    public static final int START_FAILED = 2;
    public static final int NOT_READY = 3;
    public static final int REFUSED = 125;

    private final int exitCode;
    private final boolean problems;

    public NodeStartException(int exitCode, String message, Throwable cause) {
        this(exitCode, message, cause, false);
    }

    /** With {@code problems}, the message is a profile's {@code file:line:col: ...} lines, printed as they are. */
    public NodeStartException(int exitCode, String message, Throwable cause, boolean problems) {
        super(message, cause);
        this.exitCode = exitCode;
        this.problems = problems;
    }

    public boolean problems() {
        return problems;
    }

    public NodeStartException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
