package io.edgefusion.guardian;

/**
 * Where the guardian reports what it saw and did: every check outcome that changes a workload's state and every
 * breaker action (transition, trip step). The evidence log (hash-chained, signed) implements it; tests collect.
 *
 * @see EvidenceKinds the kinds this module appends
 */
@FunctionalInterface
public interface EvidenceSink {
    /**
     * Appends one record. {@code kind} is a dotted name ({@code check.failed}, {@code breaker.opened},
     * {@code trip.isolate.done}), {@code subject} the workload it is about, {@code payloadJson} one JSON object.
     * Must not throw for a well-formed record: the guardian acts on faults whether or not the log keeps up.
     */
    void append(String kind, String subject, String payloadJson);

    /** A sink that keeps nothing (a guardian without evidence, e.g. the development stage). */
    EvidenceSink NONE = (kind, subject, payload) -> { };
}
