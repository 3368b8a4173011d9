package io.edgefusion.guardian.evidence;

/** What {@link EvidenceVerifier} found: the chain intact, or the first bad record and why. One line each. */
public sealed interface Verdict {
    boolean intact();

    /** The one line {@code edgefusion evidence verify} prints. */
    String line();

    /** Every record checked, every hash, link and signature right. */
    record Intact(long records, String keyFingerprint) implements Verdict {
        @Override
        public boolean intact() {
            return true;
        }

        @Override
        public String line() {
            return records + (records == 1 ? " record" : " records") + ", chain intact, signed by " + keyFingerprint;
        }
    }

    /**
     * The first bad record.
     *
     * @param seq     the seq it has (or, for a deleted one, should have)
     * @param problem the kind of tampering
     * @param detail  what exactly differs
     */
    record Broken(long seq, Problem problem, String detail) implements Verdict {
        @Override
        public boolean intact() {
            return false;
        }

        @Override
        public String line() {
            return "seq " + seq + ": " + problem.label() + ": " + detail;
        }
    }

    /** The kinds of damage, in the words the verifier prints. */
    enum Problem {
        /** The content no longer matches its hash. */
        EDITED("edited"),
        /** The node's key does not verify the signature (a forged or re-signed record). */
        BAD_SIGNATURE("bad signature"),
        /** Signed, but by a key other than the one trusted. */
        OTHER_KEY("signed by another key"),
        /** A record is missing: a seq gap, a renumbered tail, or a log shorter than its signed head. */
        DELETED("deleted"),
        /** A record that is not part of the chain: the next one skips it, or it lies past the signed head. */
        INSERTED("inserted"),
        /** A record at a seq it was not written at, its predecessor still present elsewhere. */
        REORDERED("reordered"),
        /** Its prev_hash is not its predecessor's hash, for no cause the verifier can name. */
        CHAIN_BROKEN("chain broken"),
        /** An attached snapshot file whose bytes differ from the hash its record signs. */
        SNAPSHOT_MODIFIED("snapshot modified"),
        /** An attached snapshot file that is gone. */
        SNAPSHOT_MISSING("snapshot missing"),
        /** A file in a record's snapshot directory the record does not list. */
        SNAPSHOT_UNRECORDED("snapshot file not recorded"),
        /** The signed head is missing, badly signed or names another record. */
        HEAD("head");

        private final String label;

        Problem(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
