package io.edgefusion.guardian.evidence;

import java.time.Instant;

/**
 * One record of the evidence log, as stored. {@code hash} is SHA-256 over {@link Canonical#record} of the first
 * six fields; {@code signature} is the node key's Ed25519 signature over the 32 hash bytes. {@code keyId} (the
 * signing key's fingerprint) is not covered by the hash: it only lets a verifier say which key signed a record
 * that its own key does not verify.
 *
 * @param seq       1, 2, 3 … without gaps
 * @param timeMs    when it was appended, epoch milliseconds (shown as RFC 3339 UTC)
 * @param kind      what happened: {@code check.failed}, {@code breaker.opened}, … (dotted lower case)
 * @param subject   what it happened to: {@code DEPLOYMENT/WORKLOAD}
 * @param payload   the details as JSON text, exactly the bytes hashed (keys sorted, compact)
 * @param prevHash  the previous record's hash, hex; 64 zeros for seq 1
 * @param hash      hex SHA-256 of the canonical encoding
 * @param signature hex Ed25519 signature over the hash bytes
 * @param keyId     the signer's fingerprint ({@link EvidencePublicKey#fingerprint})
 */
public record EvidenceRecord(long seq, long timeMs, String kind, String subject, String payload, String prevHash,
                             String hash, String signature, String keyId) {
    /** The previous hash of the first record: 32 zero bytes. */
    public static final String GENESIS = "0".repeat(64);

    public Instant time() {
        return Instant.ofEpochMilli(timeMs);
    }

    /** The hash this record's content has when it sits at {@code atSeq}. */
    String hashAt(long atSeq) {
        return Canonical.hash(Canonical.record(atSeq, timeMs, kind, subject, payload, prevHash));
    }
}
