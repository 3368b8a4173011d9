package io.edgefusion.guardian.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.guardian.store.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvidenceLogTest {
    @TempDir
    Path root;
    private TestEvidence ev;

    @AfterEach
    void tearDown() {
        if (ev != null) {
            ev.close();
        }
    }

    @Test
    void appendedRecordsChainAndVerify() throws Exception {
        ev = new TestEvidence(root);
        assertThat(ev.verify().line()).isEqualTo("0 records, chain intact, signed by " + ev.key.publicKey()
                .fingerprint());
        EvidenceRecord first = ev.log.append("check.failed", "line-monitor/api", Map.of("reason", "probe timed out",
                "revision", 3, "sandbox", "ab12"));
        EvidenceRecord second = ev.log.append("breaker.opened", "line-monitor/api", Map.of("failures", 3));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(EvidenceRecord.GENESIS);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(first.payload()).as("keys sorted, compact")
                .isEqualTo("{\"reason\":\"probe timed out\",\"revision\":3,\"sandbox\":\"ab12\"}");
        assertThat(first.time()).hasToString("2026-12-01T20:33:12.123Z");
        assertThat(first.hash()).isEqualTo(Canonical.hash(Canonical.record(1, first.timeMs(), "check.failed",
                "line-monitor/api", first.payload(), EvidenceRecord.GENESIS)));
        assertThat(ev.verify()).isEqualTo(new Verdict.Intact(2, ev.key.publicKey().fingerprint()));
        assertThat(ev.verify().line()).isEqualTo("2 records, chain intact, signed by "
                + ev.key.publicKey().fingerprint());
        assertThat(EvidenceTable.list(ev.sql, new EvidenceTable.Query(Optional.empty(),
                Optional.of("other/x")))).isEmpty();
        assertThat(EvidenceTable.get(ev.sql, 2)).contains(second);
        assertThat(EvidenceTable.head(ev.sql).orElseThrow().seq()).isEqualTo(2);
    }

    @Test
    void theEncodingIsTheDocumentedOne() {
        // str(tag) u64 seq i64 time str kind str subject str payload bytes32 prev: docs/evidence.md
        byte[] b = Canonical.record(1, 2, "k", "s", "{}", EvidenceRecord.GENESIS);
        assertThat(b).hasSize(4 + Canonical.RECORD_TAG.length() + 8 + 8 + 5 + 5 + 6 + 32);
        assertThat(java.util.HexFormat.of().formatHex(b, 0, 4)).isEqualTo("0000001d");
        assertThat(java.util.HexFormat.of().formatHex(b, 33, 49)).isEqualTo("00000000000000010000000000000002");
        // Moving a byte from one field to its neighbour changes the encoding.
        assertThat(Canonical.record(1, 2, "ab", "c", "{}", EvidenceRecord.GENESIS))
                .isNotEqualTo(Canonical.record(1, 2, "a", "bc", "{}", EvidenceRecord.GENESIS));
    }

    @Test
    void concurrentAppendsKeepOneChain() throws Exception {
        ev = new TestEvidence(root);
        int threads = 8;
        int each = 25;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < each; i++) {
                    ev.log.append("check.failed", "d/w" + id, Map.of("i", i));
                }
            }));
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        List<EvidenceRecord> all = ev.log.list(EvidenceTable.Query.ALL);
        assertThat(all).extracting(EvidenceRecord::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, threads * each).boxed().toList());
        assertThat(ev.verify()).isEqualTo(new Verdict.Intact(threads * each, ev.key.publicKey().fingerprint()));
    }

    @Test
    void snapshotIsMovedUnderItsSeqAndItsHashesSigned() throws Exception {
        ev = new TestEvidence(root).records(2);
        Path staging = ev.log.newStagingDirectory();
        Files.createDirectories(staging.resolve("layer"));
        Files.writeString(staging.resolve("layer/diff.tar"), "upper dir diff");
        Files.writeString(staging.resolve("log-tail.txt"), "panic: boom\n");
        EvidenceRecord r = ev.log.append("breaker.snapshot", "line-monitor/api", Map.of("check", "contract"),
                Optional.of(staging));
        assertThat(r.seq()).isEqualTo(3);
        assertThat(staging).doesNotExist();
        Path dir = ev.nodeDir.resolve("evidence/snapshots/3");
        assertThat(dir.resolve("layer/diff.tar")).hasContent("upper dir diff");
        JsonNode snap = new ObjectMapper().readTree(r.payload()).path("snapshot");
        assertThat(snap.path("dir").asText()).isEqualTo("snapshots/3");
        assertThat(snap.path("files").findValuesAsText("path")).containsExactly("layer/diff.tar", "log-tail.txt");
        assertThat(snap.path("files").get(0).path("sha256").asText()).isEqualTo(Canonical.hash(
                "upper dir diff".getBytes()));
        assertThat(snap.path("files").get(1).path("bytes").asLong()).isEqualTo(12);
        assertThat(ev.verify().intact()).isTrue();
    }

    @Test
    void aSnapshotWithALinkIsRefusedAndNothingIsAppended() throws Exception {
        ev = new TestEvidence(root).records(1);
        Path staging = ev.log.newStagingDirectory();
        Files.createSymbolicLink(staging.resolve("passwd"), Path.of("/etc/passwd"));
        assertThatThrownBy(() -> ev.log.append("breaker.snapshot", "d/w", Map.of(), Optional.of(staging)))
                .isInstanceOf(EvidenceException.class).hasMessageContaining("passwd is not a regular file");
        assertThat(ev.log.list(EvidenceTable.Query.ALL)).hasSize(1);
        assertThat(staging.resolve("passwd")).isSymbolicLink();
    }

    /** A transaction that fails after the snapshot moved gives the caller its directory back. */
    @Test
    void aFailedAppendMovesTheSnapshotBack() throws Exception {
        ev = new TestEvidence(root).records(1);
        AtomicBoolean full = new AtomicBoolean();
        Sql failing = new Sql() {
            @Override
            public <T> T inTransaction(Work<T> work) {
                return ev.sql.inTransaction(c -> {
                    T t = work.run(c);
                    if (full.get()) {
                        throw new SQLException("disk full");
                    }
                    return t;
                });
            }
        };
        EvidenceLog log = EvidenceLog.open(failing, ev.key, ev.nodeDir.resolve("evidence"), Clock.systemUTC());
        full.set(true);
        Path staging = log.newStagingDirectory();
        Files.writeString(staging.resolve("stats.json"), "{}");
        assertThatThrownBy(() -> log.append("breaker.snapshot", "d/w", Map.of(), Optional.of(staging)))
                .hasMessageContaining("disk full");
        assertThat(staging.resolve("stats.json")).hasContent("{}");
        assertThat(ev.nodeDir.resolve("evidence/snapshots/2")).doesNotExist();
        assertThat(ev.log.list(EvidenceTable.Query.ALL)).hasSize(1);
    }

    @Test
    void theNodesOwnCodeCannotRewriteHistory() throws Exception {
        ev = new TestEvidence(root).records(2);
        assertThatThrownBy(() -> ev.sql.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("DELETE FROM evidence_records WHERE seq = 1");
            }
        })).hasMessageContaining("append-only");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ev.sql.file());
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE evidence_records SET kind = 'x.y'"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void kindsAreDottedLowerCase() {
        ev = new TestEvidence(root);
        assertThatThrownBy(() -> ev.log.append("Breaker Opened", "d/w", Map.of()))
                .hasMessageContaining("want dotted lower case");
        assertThatThrownBy(() -> ev.log.append("breaker.snapshot", "d/w", Map.of("snapshot", "x")))
                .hasMessageContaining("'snapshot' is set by the log");
        ev.log.append("breaker.rolled-back", "d/w", Map.of("from", 4, "to", 3));
    }
}
