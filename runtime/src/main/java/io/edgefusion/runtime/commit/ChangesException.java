package io.edgefusion.runtime.commit;

/** A sandbox whose changes cannot be read or committed: {@code sandbox web was not started from an image: …}. */
public final class ChangesException extends RuntimeException {
    private final String sandbox;
    private final String reason;

    public ChangesException(String sandbox, String reason) {
        super("sandbox " + sandbox + " " + reason);
        this.sandbox = sandbox;
        this.reason = reason;
    }

    /** The sandbox as named in the message (its name, else its short id). */
    public String sandbox() {
        return sandbox;
    }

    public String reason() {
        return reason;
    }
}
