package io.edgefusion.guardian.evidence;

/**
 * One file of a snapshot attachment, as its record's payload lists it.
 *
 * @param path   relative to the snapshot's directory, '/'-separated
 * @param sha256 lower-case hex SHA-256 of its bytes
 * @param bytes  its size
 */
public record SnapshotFile(String path, String sha256, long bytes) {
}
