package io.edgefusion.node.api;

/** A handler's refusal with its HTTP status (400 a bad request, 404 no such thing, 409 a conflict). */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
