package io.edgefusion.guardian.evidence;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvidenceBundleTest {
    @TempDir
    Path node;
    @TempDir
    Path elsewhere;

    /** Exports a log with a snapshot to {@code out}, then removes the whole state root. */
    private EvidencePublicKey exportAndForget(Path out) throws Exception {
        Path root = node.resolve("root");
        EvidencePublicKey key;
        try (TestEvidence ev = new TestEvidence(root).records(3)) {
            Path staging = ev.log.newStagingDirectory();
            Files.createDirectories(staging.resolve("layer"));
            Files.writeString(staging.resolve("layer/diff.tar"), "upper");
            ev.log.append("breaker.snapshot", "line-monitor/api", Map.of("check", "oom"), Optional.of(staging));
            ev.records(1);
            key = ev.key.publicKey();
            int files = EvidenceBundle.export(ev.log.list(EvidenceTable.Query.ALL), EvidenceTable.head(ev.sql), key,
                    ev.log.evidenceDir(), out, Instant.parse("2026-12-02T00:00:00Z"));
            assertThat(files).isEqualTo(1);
        }
        Snapshots.removeTree(root);
        return key;
    }

    @Test
    void directoryBundleVerifiesElsewhereWithoutTheStateRoot() throws Exception {
        Path out = node.resolve("bundle");
        EvidencePublicKey key = exportAndForget(out);
        Path moved = elsewhere.resolve("received");
        Snapshots.copyTree(out, moved);
        Snapshots.removeTree(out);
        try (Stream<Path> s = Files.list(moved)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("manifest.json",
                    "evidence.pub", "records.jsonl", "snapshots");
        }
        EvidenceBundle.Contents b = EvidenceBundle.read(moved);
        assertThat(b.verify(Optional.empty()).line()).isEqualTo("5 records, chain intact, signed by "
                + key.fingerprint());
        assertThat(b.verify(Optional.of(key)).intact()).isTrue();

        Files.writeString(moved.resolve("snapshots/4/layer/diff.tar"), "UPPER");
        assertThat(EvidenceBundle.read(moved).verify(Optional.empty()).line())
                .startsWith("seq 4: snapshot modified: snapshots/4/layer/diff.tar");
        Files.writeString(moved.resolve("snapshots/4/layer/diff.tar"), "upper");
        List<String> lines = Files.readAllLines(moved.resolve("records.jsonl"));
        Files.write(moved.resolve("records.jsonl"), List.of(lines.get(0), lines.get(2), lines.get(3), lines.get(4)));
        assertThat(EvidenceBundle.read(moved).verify(Optional.empty()).line())
                .isEqualTo("seq 2: deleted: the chain goes from seq 1 to seq 3");
    }

    @Test
    void tarBundleVerifiesElsewhereAndAnotherKeyFails() throws Exception {
        Path out = node.resolve("evidence.tar.gz");
        EvidencePublicKey key = exportAndForget(out);
        Path moved = Files.copy(out, elsewhere.resolve("evidence.tgz"));
        assertThat(EvidenceBundle.read(moved).verify(Optional.of(key)).line())
                .isEqualTo("5 records, chain intact, signed by " + key.fingerprint());
        EvidencePublicKey other = NodeKey.loadOrCreate(elsewhere.resolve("other")).publicKey();
        assertThat(EvidenceBundle.read(moved).verify(Optional.of(other)).line())
                .isEqualTo("seq 1: signed by another key: " + key.fingerprint() + ", not " + other.fingerprint());
    }

    @Test
    void exportNeverLeavesHalfABundle() throws Exception {
        Path out = Files.createDirectory(node.resolve("taken"));
        assertThatThrownBy(() -> exportAndForget(out)).isInstanceOf(EvidenceException.class)
                .hasMessage(out + ": already exists; a bundle is written to a new path");
        try (Stream<Path> s = Files.list(node)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).isEmpty();
        }
    }

    @Test
    void hostileTarEntriesAreRefused() throws Exception {
        Path tar = elsewhere.resolve("evil.tar.gz");
        try (OutputStream f = Files.newOutputStream(tar);
             TarArchiveOutputStream t = new TarArchiveOutputStream(new GZIPOutputStream(f))) {
            byte[] b = "x".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("snapshots/1/../../../etc/cron.d/x");
            e.setSize(b.length);
            t.putArchiveEntry(e);
            t.write(b);
            t.closeArchiveEntry();
        }
        assertThatThrownBy(() -> EvidenceBundle.read(tar)).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("only plain files with relative names");
        assertThatThrownBy(() -> EvidenceBundle.read(elsewhere.resolve("none"))).hasMessageEndingWith("no such bundle");
    }
}
