package io.edgefusion.guardian.evidence;

import io.edgefusion.guardian.evidence.Verdict.Broken;
import io.edgefusion.guardian.evidence.Verdict.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way of changing the log behind the node's back, each found and named at its first bad record. */
class EvidenceTamperTest {
    @TempDir
    Path root;
    private TestEvidence ev;

    @AfterEach
    void tearDown() {
        ev.close();
    }

    private Broken broken() {
        Verdict v = ev.verify();
        assertThat(v.intact()).as(v.line()).isFalse();
        return (Broken) v;
    }

    @Test
    void editedPayloadByte() throws Exception {
        ev = new TestEvidence(root).records(5);
        ev.tamper("UPDATE evidence_records SET payload = replace(payload, '9090', '9091') WHERE seq = 3");
        assertThat(broken()).isEqualTo(new Broken(3, Problem.EDITED, "its content does not match its hash"));
        assertThat(broken().line()).isEqualTo("seq 3: edited: its content does not match its hash");
    }

    @Test
    void editedKindOrTime() throws Exception {
        ev = new TestEvidence(root).records(3);
        ev.tamper("UPDATE evidence_records SET time_ms = time_ms + 1 WHERE seq = 2");
        assertThat(broken().seq()).isEqualTo(2);
        assertThat(broken().problem()).isEqualTo(Problem.EDITED);
    }

    @Test
    void deletedRow() throws Exception {
        ev = new TestEvidence(root).records(5);
        ev.tamper("DELETE FROM evidence_records WHERE seq = 3");
        assertThat(broken().line()).isEqualTo("seq 3: deleted: the chain goes from seq 2 to seq 4");
    }

    @Test
    void deletedFirstAndLastRows() throws Exception {
        ev = new TestEvidence(root).records(5);
        ev.tamper("DELETE FROM evidence_records WHERE seq = 5");
        assertThat(broken().line()).isEqualTo("seq 5: deleted: the signed head is seq 5 but the log ends at seq 4");
        ev.tamper("DELETE FROM evidence_records WHERE seq = 1");
        assertThat(broken().line()).isEqualTo("seq 1: deleted: the log starts at seq 2");
    }

    @Test
    void deletedRowWithTheRestRenumbered() throws Exception {
        ev = new TestEvidence(root).records(5);
        ev.tamper("DELETE FROM evidence_records WHERE seq = 3", "UPDATE evidence_records SET seq = seq - 1 WHERE seq > 3",
                "UPDATE evidence_head SET seq = 4");
        assertThat(broken().line()).isEqualTo("seq 3: deleted: it was written as seq 4; the record before it is gone"
                + " and the later ones renumbered");
    }

    @Test
    void insertedForgedRowAtTheEnd() throws Exception {
        ev = new TestEvidence(root).records(3);
        EvidenceRecord last = ev.log.list(EvidenceTable.Query.ALL).getLast();
        String payload = "{\"reason\":\"all good\"}";
        String hash = Canonical.hash(Canonical.record(4, last.timeMs(), "check.recovered", "line-monitor/api",
                payload, last.hash()));
        ev.tamper("INSERT INTO evidence_records VALUES (4, " + last.timeMs() + ", 'check.recovered',"
                + " 'line-monitor/api', '" + payload + "', '" + last.hash() + "', '" + hash + "', '"
                + "ab".repeat(64) + "', '" + last.keyId() + "')");
        assertThat(broken().line()).isEqualTo("seq 4: inserted: it lies past the signed head (seq 3)");
        // Moving the head along without the key only turns it into a bad signature.
        ev.tamper("UPDATE evidence_head SET seq = 4, hash = '" + hash + "'");
        assertThat(broken().line()).isEqualTo("seq 4: bad signature: " + ev.key.publicKey().fingerprint()
                + " does not verify it");
    }

    @Test
    void insertedForgedRowInTheMiddle() throws Exception {
        ev = new TestEvidence(root).records(4);
        EvidenceRecord two = EvidenceTable.get(ev.sql, 2).orElseThrow();
        ev.tamper("UPDATE evidence_records SET seq = seq + 100 WHERE seq > 2",
                "UPDATE evidence_records SET seq = seq - 99 WHERE seq > 100",
                "INSERT INTO evidence_records VALUES (3, 0, 'check.recovered', 'line-monitor/api', '{}', '"
                        + two.hash() + "', '" + "00".repeat(32) + "', '" + "00".repeat(64) + "', 'x')",
                "UPDATE evidence_head SET seq = 5");
        assertThat(broken().line()).isEqualTo("seq 3: inserted: seq 4 chains to seq 2, past it");
    }

    @Test
    void reorderedRows() throws Exception {
        ev = new TestEvidence(root).records(5);
        ev.tamper("UPDATE evidence_records SET seq = -1 WHERE seq = 2",
                "UPDATE evidence_records SET seq = 2 WHERE seq = 4",
                "UPDATE evidence_records SET seq = 4 WHERE seq = -1");
        assertThat(broken().line()).isEqualTo("seq 2: reordered: it was written as seq 4");
    }

    @Test
    void adjacentRowsSwapped() throws Exception {
        ev = new TestEvidence(root).records(3);
        ev.tamper("UPDATE evidence_records SET seq = -1 WHERE seq = 1",
                "UPDATE evidence_records SET seq = 1 WHERE seq = 2",
                "UPDATE evidence_records SET seq = 2 WHERE seq = -1");
        assertThat(broken().line()).isEqualTo("seq 1: reordered: it was written as seq 2");
    }

    /** Someone with a key of their own edits the last record, rehashes it and signs it again. */
    @Test
    void reSignedWithAnotherKey() throws Exception {
        ev = new TestEvidence(root).records(3);
        NodeKey mallory = NodeKey.loadOrCreate(root.resolve("mallory"));
        EvidenceRecord r = EvidenceTable.get(ev.sql, 3).orElseThrow();
        String payload = r.payload().replace("9090", "8080");
        String hash = Canonical.hash(Canonical.record(3, r.timeMs(), r.kind(), r.subject(), payload, r.prevHash()));
        String fp = mallory.publicKey().fingerprint();
        ev.tamper("UPDATE evidence_records SET payload = '" + payload + "', hash = '" + hash + "', signature = '"
                + mallory.sign(HexFormat.of().parseHex(hash)) + "', key_id = '" + fp + "' WHERE seq = 3",
                "UPDATE evidence_head SET hash = '" + hash + "', signature = '" + mallory.sign(Canonical.head(3, hash))
                        + "', key_id = '" + fp + "'");
        assertThat(broken().line()).isEqualTo("seq 3: signed by another key: " + fp + ", not "
                + ev.key.publicKey().fingerprint());
        // The same, claiming to be the node's key: a bad signature.
        ev.tamper("UPDATE evidence_records SET key_id = '" + ev.key.publicKey().fingerprint() + "' WHERE seq = 3");
        assertThat(broken().problem()).isEqualTo(Problem.BAD_SIGNATURE);
        // Verified against the other key itself, the untouched records are the ones that fail.
        Verdict v = EvidenceVerifier.verify(ev.log.list(EvidenceTable.Query.ALL), EvidenceTable.head(ev.sql),
                mallory.publicKey(), seq -> Map.of());
        assertThat(v.line()).startsWith("seq 1: signed by another key: " + ev.key.publicKey().fingerprint());
    }

    @Test
    void signedHeadRemoved() throws Exception {
        ev = new TestEvidence(root).records(2);
        ev.tamper("DELETE FROM evidence_head");
        assertThat(broken().line()).isEqualTo("seq 2: head: the log has no signed head (it was removed)");
    }

    @Test
    void modifiedMissingAndExtraSnapshotFiles() throws Exception {
        ev = new TestEvidence(root).records(1);
        Path staging = ev.log.newStagingDirectory();
        Files.writeString(staging.resolve("diff.tar"), "layer bytes");
        Files.writeString(staging.resolve("stats.json"), "{\"cpu\":1}");
        ev.log.append("breaker.snapshot", "line-monitor/api", Map.of(), Optional.of(staging));
        ev.records(1);
        assertThat(ev.verify().intact()).isTrue();
        Path dir = ev.nodeDir.resolve("evidence/snapshots/2");

        Files.writeString(dir.resolve("diff.tar"), "layer bytez");
        assertThat(broken().line()).startsWith("seq 2: snapshot modified: snapshots/2/diff.tar has sha256 "
                + Canonical.hash("layer bytez".getBytes()).substring(0, 12) + "…, the record signs "
                + Canonical.hash("layer bytes".getBytes()).substring(0, 12) + "…");
        Files.writeString(dir.resolve("diff.tar"), "layer bytes");
        Files.delete(dir.resolve("stats.json"));
        assertThat(broken().line()).isEqualTo("seq 2: snapshot missing: snapshots/2/stats.json is gone");
        Files.writeString(dir.resolve("stats.json"), "{\"cpu\":1}");
        Files.writeString(dir.resolve("planted"), "x");
        assertThat(broken().line()).isEqualTo("seq 2: snapshot file not recorded: snapshots/2/planted");
        Files.delete(dir.resolve("planted"));
        assertThat(ev.verify().intact()).isTrue();
    }
}
