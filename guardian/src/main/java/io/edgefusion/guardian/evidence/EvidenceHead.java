package io.edgefusion.guardian.evidence;

/**
 * The log's signed head: the last record's seq and hash, signed over {@link Canonical#head}. Without it,
 * removing the newest records would leave a shorter chain that is still intact; with it, a verifier knows how
 * far the chain must reach.
 */
public record EvidenceHead(long seq, String hash, String signature, String keyId) {
}
