package io.edgefusion.guardian.breaker;

/**
 * The steps of a trip, in the order they are taken: the seed's three levels, with the removal of the faulty
 * sandbox kept apart so it never happens before its snapshot is safely written.
 */
public enum TripStep {
    /** Freeze the cgroup and cut the network; the sandbox stays for forensics. */
    ISOLATE,
    /** Start the last-known-good revision, gate it on health, retire the faulty one. */
    ROLLBACK,
    /** The faulty sandbox's upper-dir diff as an OCI layer, its log tail, stats and the failing check. */
    SNAPSHOT,
    /** Remove the faulty sandbox (only after its snapshot was written). */
    REMOVE;

    public String label() {
        return name().toLowerCase();
    }
}
