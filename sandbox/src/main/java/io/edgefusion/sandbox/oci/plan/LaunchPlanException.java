package io.edgefusion.sandbox.oci.plan;

/** A config this host cannot run as asked: one line naming the field and the reason. */
public final class LaunchPlanException extends RuntimeException {
    public LaunchPlanException(String message) {
        super(message);
    }
}
