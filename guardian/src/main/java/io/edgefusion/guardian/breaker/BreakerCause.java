package io.edgefusion.guardian.breaker;

/** What moves a breaker; {@link BreakerTable} says from where to where each one may. */
public enum BreakerCause {
    /** {@code failures} failed checks (exits of a crash loop included) within {@code window}. */
    THRESHOLD,
    /** One failure that needs no repetition to be believed: a contract violation, an OOM kill, a new revision's crash. */
    SEVERE,
    /** The cool-down since opening is over. */
    COOLDOWN_OVER,
    /** A probation failure. */
    PROBE_FAILED,
    /** The probe period passed without a failure. */
    PROBE_PASSED,
    /** An operator's {@code breaker reset}. */
    RESET;

    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
