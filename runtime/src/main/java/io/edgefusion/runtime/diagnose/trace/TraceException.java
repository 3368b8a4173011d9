package io.edgefusion.runtime.diagnose.trace;

/** strace could not be started or attached; {@code step} names what failed. */
public final class TraceException extends RuntimeException {
    private final String step;

    public TraceException(String step, String reason) {
        super(step + ": " + reason);
        this.step = step;
    }

    public String step() {
        return step;
    }
}
