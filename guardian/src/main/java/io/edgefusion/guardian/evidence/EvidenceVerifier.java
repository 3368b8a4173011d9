package io.edgefusion.guardian.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.guardian.evidence.Verdict.Broken;
import io.edgefusion.guardian.evidence.Verdict.Problem;

import java.io.IOException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Walks an evidence chain in seq order and reports the first bad record (docs/evidence.md, "What verify
 * reports"). Per record, in this order: past the signed head or a repeated seq (inserted); a seq gap
 * (deleted); content that matches its hash only at another seq (reordered, or deleted when its predecessor is
 * gone); the next record chaining past it (inserted); content that does not match its hash (edited); a prev_hash that is not the predecessor's hash (chain broken); the signature (another key or a
 * bad signature); its snapshot files. Then the signed head against the last record.
 */
public final class EvidenceVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvidenceVerifier() {
    }

    /** The files found in a record's snapshot directory, by relative path (empty when there is none). */
    @FunctionalInterface
    public interface SnapshotSource {
        Map<String, SnapshotFile> files(long seq);
    }

    /**
     * @param records  every record, in seq order
     * @param head     the signed head, if the log has one
     * @param key      the key the records must be signed with
     * @param snapshots the attachments, looked up by seq
     */
    public static Verdict verify(List<EvidenceRecord> records, Optional<EvidenceHead> head, EvidencePublicKey key,
                                 SnapshotSource snapshots) {
        Optional<EvidenceHead> trusted = head.filter(h -> key.verifies(Canonical.head(h.seq(), h.hash()),
                h.signature()));
        Set<String> stored = new HashSet<>();
        records.forEach(r -> stored.add(r.hash()));
        long maxSeq = Math.max(records.isEmpty() ? 0 : records.getLast().seq(), head.map(EvidenceHead::seq).orElse(0L));
        for (int i = 0; i < records.size(); i++) {
            EvidenceRecord r = records.get(i);
            long expected = i == 0 ? 1 : records.get(i - 1).seq() + 1;
            String prevHash = i == 0 ? EvidenceRecord.GENESIS : records.get(i - 1).hash();
            Optional<EvidenceRecord> next = i + 1 < records.size() ? Optional.of(records.get(i + 1)) : Optional.empty();
            Optional<Broken> bad = record(r, expected, prevHash, next, trusted, stored, maxSeq, key, snapshots);
            if (bad.isPresent()) {
                return bad.get();
            }
        }
        return headCheck(records, head, trusted, key).map(b -> (Verdict) b)
                .orElseGet(() -> new Verdict.Intact(records.size(), key.fingerprint()));
    }

    private static Optional<Broken> record(EvidenceRecord r, long expected, String prevHash,
                                           Optional<EvidenceRecord> next, Optional<EvidenceHead> head,
                                           Set<String> stored, long maxSeq, EvidencePublicKey key,
                                           SnapshotSource snapshots) {
        if (head.isPresent() && r.seq() > head.get().seq()) {
            return broken(r.seq(), Problem.INSERTED, "it lies past the signed head (seq " + head.get().seq() + ")");
        }
        if (r.seq() < expected) {
            return broken(r.seq(), Problem.INSERTED, "a second record with seq " + r.seq());
        }
        if (r.seq() != expected) {
            return broken(expected, Problem.DELETED, expected == 1 ? "the log starts at seq " + r.seq()
                    : "the chain goes from seq " + (expected - 1) + " to seq " + r.seq());
        }
        boolean hashOk = r.hashAt(r.seq()).equals(r.hash());
        if (!hashOk) {
            for (long s = 1; s <= maxSeq; s++) {
                if (s != r.seq() && r.hashAt(s).equals(r.hash())) {
                    boolean predecessorKept = stored.contains(r.prevHash())
                            || s == 1 && r.prevHash().equals(EvidenceRecord.GENESIS);
                    return predecessorKept
                            ? broken(r.seq(), Problem.REORDERED, "it was written as seq " + s)
                            : broken(r.seq(), Problem.DELETED, "it was written as seq " + s + "; the record"
                            + " before it is gone and the later ones renumbered");
                }
            }
        }
        if (next.isPresent() && next.get().prevHash().equals(prevHash) && !r.hash().equals(prevHash)) {
            return broken(r.seq(), Problem.INSERTED, "seq " + next.get().seq() + " chains to "
                    + (r.seq() == 1 ? "the start" : "seq " + (r.seq() - 1)) + ", past it");
        }
        if (!hashOk) {
            return broken(r.seq(), Problem.EDITED, "its content does not match its hash");
        }
        if (!r.prevHash().equals(prevHash)) {
            return broken(r.seq(), Problem.CHAIN_BROKEN, "its prev_hash is not the hash of "
                    + (r.seq() == 1 ? "the start" : "seq " + (r.seq() - 1)) + " (a record before it was replaced)");
        }
        if (!key.verifies(HexFormat.of().parseHex(r.hash()), r.signature())) {
            return !key.fingerprint().equals(r.keyId())
                    ? broken(r.seq(), Problem.OTHER_KEY, r.keyId() + ", not " + key.fingerprint())
                    : broken(r.seq(), Problem.BAD_SIGNATURE, key.fingerprint() + " does not verify it");
        }
        return snapshot(r, snapshots);
    }

    /** The record's listed snapshot files against the files there: same set, same hashes. */
    private static Optional<Broken> snapshot(EvidenceRecord r, SnapshotSource snapshots) {
        JsonNode snap;
        try {
            snap = JSON.readTree(r.payload()).path("snapshot");
        } catch (IOException e) {
            return Optional.empty(); // the signature covers it: a payload the node wrote, not JSON — not ours to judge
        }
        if (snap.isMissingNode()) {
            return Optional.empty();
        }
        String dir = Snapshots.relative(r.seq());
        Map<String, SnapshotFile> found = new TreeMap<>(snapshots.files(r.seq()));
        for (JsonNode f : snap.path("files")) {
            String path = f.path("path").asText();
            SnapshotFile there = found.remove(path);
            if (there == null) {
                return broken(r.seq(), Problem.SNAPSHOT_MISSING, dir + "/" + path + " is gone");
            }
            String want = f.path("sha256").asText();
            if (!there.sha256().equals(want)) {
                return broken(r.seq(), Problem.SNAPSHOT_MODIFIED, dir + "/" + path + " has sha256 "
                        + there.sha256().substring(0, 12) + "…, the record signs " + abbrev(want));
            }
        }
        if (!found.isEmpty()) {
            return broken(r.seq(), Problem.SNAPSHOT_UNRECORDED, dir + "/" + found.keySet().iterator().next());
        }
        return Optional.empty();
    }

    private static Optional<Broken> headCheck(List<EvidenceRecord> records, Optional<EvidenceHead> head,
                                              Optional<EvidenceHead> trusted, EvidencePublicKey key) {
        long last = records.isEmpty() ? 0 : records.getLast().seq();
        if (head.isEmpty()) {
            return records.isEmpty() ? Optional.empty()
                    : broken(last, Problem.HEAD, "the log has no signed head (it was removed)");
        }
        if (trusted.isEmpty()) {
            EvidenceHead h = head.get();
            return broken(h.seq(), Problem.HEAD, !key.fingerprint().equals(h.keyId())
                    ? "the signed head is signed by " + h.keyId() + ", not " + key.fingerprint()
                    : "bad signature on the signed head");
        }
        EvidenceHead h = trusted.get();
        if (h.seq() > last) {
            return broken(last + 1, Problem.DELETED, "the signed head is seq " + h.seq() + " but the log "
                    + (records.isEmpty() ? "is empty" : "ends at seq " + last));
        }
        if (!records.getLast().hash().equals(h.hash())) {
            return broken(h.seq(), Problem.HEAD, "the signed head's hash is not seq " + h.seq() + "'s hash");
        }
        return Optional.empty();
    }

    private static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    private static Optional<Broken> broken(long seq, Problem p, String detail) {
        return Optional.of(new Broken(seq, p, detail));
    }
}
