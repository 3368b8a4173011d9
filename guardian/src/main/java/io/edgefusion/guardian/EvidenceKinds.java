package io.edgefusion.guardian;

/** The record kinds the guardian appends to its {@link EvidenceSink}, in one place so readers can rely on them. */
public final class EvidenceKinds {
    /** A check went from passing (or never run) to failed; payload: the outcome. */
    public static final String CHECK_FAILED = "check.failed";
    /** A check that had failed passes again. */
    public static final String CHECK_RECOVERED = "check.recovered";
    /** A check could not look (process gone, file unreadable) where it could before. */
    public static final String CHECK_INCONCLUSIVE = "check.inconclusive";
    /** A breaker changed state; payload: from, to, cause, reason. */
    public static final String BREAKER_TRANSITION = "breaker.transition";
    /** A trip was opened (written before its first step); payload: the trip. */
    public static final String TRIP_OPENED = "trip.opened";
    /** Prefix of a trip step's records: {@code trip.<step>.started}, {@code trip.<step>.done}, {@code .failed}. */
    public static final String TRIP_STEP = "trip.";
    /** A trip finished all its steps. */
    public static final String TRIP_FINISHED = "trip.finished";
    /** The restart gate refused a restart because the breaker is not closed. */
    public static final String RESTART_REFUSED = "breaker.restart-refused";

    private EvidenceKinds() {
    }
}
