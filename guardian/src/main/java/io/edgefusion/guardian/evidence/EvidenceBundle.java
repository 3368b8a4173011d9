package io.edgefusion.guardian.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.runtime.json.JsonDocs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An evidence bundle: everything a verifier on another machine needs, and nothing of the node's (docs/evidence.md,
 * "Bundles"). A directory, or the same entries in a {@code .tar.gz} / {@code .tgz}:
 * <pre>
 * manifest.json     schema edgefusion.evidence.bundle/v1: when, how many records, the key, the signed head
 * evidence.pub      the signing key (X.509 SPKI, PEM)
 * records.jsonl     one record per line, oldest first; "payload" is the exact hashed text
 * snapshots/SEQ/…   the attached snapshot files
 * </pre>
 * A bundle is written beside its destination and renamed into place, so a failed export leaves nothing.
 */
public final class EvidenceBundle {
    public static final String SCHEMA = "edgefusion.evidence.bundle/v1";
    static final String MANIFEST = "manifest.json";
    static final String RECORDS = "records.jsonl";
    static final String KEY = "evidence.pub";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A bundle as read back. */
    public record Contents(List<EvidenceRecord> records, Optional<EvidenceHead> head, EvidencePublicKey key,
                           EvidenceVerifier.SnapshotSource snapshots) {
        /** Checks it against {@code expected} (the {@code --key} a user insists on), else its own key. */
        public Verdict verify(Optional<EvidencePublicKey> expected) {
            return EvidenceVerifier.verify(records, head, expected.orElse(key), snapshots);
        }
    }

    private EvidenceBundle() {
    }

    /** Whether {@code path} names a tar.gz bundle rather than a directory. */
    public static boolean isTar(Path path) {
        String n = path.getFileName().toString();
        return n.endsWith(".tar.gz") || n.endsWith(".tgz");
    }

    /**
     * Writes a bundle of {@code records} (with their snapshots from {@code evidenceDir}) to {@code out}, which
     * must not exist yet. Returns the number of snapshot files written.
     */
    public static int export(List<EvidenceRecord> records, Optional<EvidenceHead> head, EvidencePublicKey key,
                             Path evidenceDir, Path out, Instant now) {
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new EvidenceException(out, "already exists; a bundle is written to a new path");
        }
        Path parent = out.toAbsolutePath().getParent();
        Path tmp = parent.resolve("." + out.getFileName() + ".tmp-" + UUID.randomUUID());
        Path dir = isTar(out) ? parent.resolve("." + out.getFileName() + ".dir-" + UUID.randomUUID()) : tmp;
        try {
            Files.createDirectories(dir);
            int files = writeDir(records, head, key, evidenceDir, dir, now);
            if (isTar(out)) {
                BundleTar.write(dir, tmp);
                Snapshots.removeTree(dir);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return files;
        } catch (IOException | UncheckedIOException e) {
            Snapshots.removeQuietly(dir);
            Snapshots.removeQuietly(tmp);
            throw new EvidenceException(out, "cannot write the bundle: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Snapshots.removeQuietly(dir);
            Snapshots.removeQuietly(tmp);
            throw e;
        }
    }

    private static int writeDir(List<EvidenceRecord> records, Optional<EvidenceHead> head, EvidencePublicKey key,
                                Path evidenceDir, Path dir, Instant now) throws IOException {
        ObjectNode manifest = JsonDocs.document(SCHEMA);
        manifest.put("exportedAt", JsonDocs.time(now.toEpochMilli()));
        manifest.put("records", records.size());
        manifest.put("key", key.fingerprint());
        if (head.isPresent()) {
            ObjectNode h = manifest.putObject("head");
            h.put("seq", head.get().seq());
            h.put("hash", head.get().hash());
            h.put("signature", head.get().signature());
            h.put("keyId", head.get().keyId());
        } else {
            manifest.putNull("head");
        }
        Files.writeString(dir.resolve(MANIFEST), manifest.toPrettyString() + "\n");
        Files.writeString(dir.resolve(KEY), key.pem());
        StringBuilder lines = new StringBuilder();
        int files = 0;
        for (EvidenceRecord r : records) {
            lines.append(JSON.writeValueAsString(line(r))).append('\n');
            Path from = Snapshots.of(evidenceDir, r.seq());
            for (String rel : Snapshots.files(from).keySet()) { // walked, so only what is really inside
                Path to = Snapshots.of(dir, r.seq()).resolve(rel);
                Files.createDirectories(to.getParent());
                Files.copy(from.resolve(rel), to, LinkOption.NOFOLLOW_LINKS);
                files++;
            }
        }
        Files.writeString(dir.resolve(RECORDS), lines, StandardCharsets.UTF_8);
        return files;
    }

    /** A record as a line of records.jsonl. */
    static ObjectNode line(EvidenceRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", r.seq());
        n.put("time", JsonDocs.time(r.timeMs()));
        n.put("timeMs", r.timeMs());
        n.put("kind", r.kind());
        n.put("subject", r.subject());
        n.put("payload", r.payload());
        n.put("prevHash", r.prevHash());
        n.put("hash", r.hash());
        n.put("signature", r.signature());
        n.put("keyId", r.keyId());
        return n;
    }

    /** Reads a bundle (directory or tar.gz) for verification; a damaged or foreign file is an error naming it. */
    public static Contents read(Path bundle) {
        if (!Files.exists(bundle)) {
            throw new EvidenceException(bundle, "no such bundle");
        }
        if (Files.isDirectory(bundle)) {
            Path keyFile = bundle.resolve(KEY);
            return new Contents(records(bytes(bundle.resolve(RECORDS)), bundle.resolve(RECORDS)),
                    head(bytes(bundle.resolve(MANIFEST)), bundle.resolve(MANIFEST)),
                    EvidencePublicKey.parse(bytes(keyFile), keyFile),
                    seq -> Snapshots.files(Snapshots.of(bundle, seq)));
        }
        BundleTar.Entries e = BundleTar.read(bundle);
        return new Contents(records(e.file(RECORDS), bundle.resolveSibling(bundle.getFileName() + ":" + RECORDS)),
                head(e.file(MANIFEST), bundle.resolveSibling(bundle.getFileName() + ":" + MANIFEST)),
                EvidencePublicKey.parse(e.file(KEY), bundle.resolveSibling(bundle.getFileName() + ":" + KEY)),
                seq -> e.snapshots().getOrDefault(seq, Map.of()));
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EvidenceException(file, "cannot read it from the bundle: " + e.getMessage(), e);
        }
    }

    static List<EvidenceRecord> records(byte[] jsonl, Path source) {
        List<EvidenceRecord> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : new String(jsonl, StandardCharsets.UTF_8).split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                out.add(new EvidenceRecord(n.required("seq").asLong(), n.required("timeMs").asLong(),
                        n.required("kind").asText(), n.required("subject").asText(), n.required("payload").asText(),
                        n.required("prevHash").asText(), n.required("hash").asText(),
                        n.required("signature").asText(), n.required("keyId").asText()));
            } catch (IOException | IllegalArgumentException e) {
                throw new EvidenceException(source, "line " + lineNo + ": not an evidence record ("
                        + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        out.sort(Comparator.comparingLong(EvidenceRecord::seq));
        return out;
    }

    static Optional<EvidenceHead> head(byte[] manifest, Path source) {
        try {
            JsonNode m = JSON.readTree(manifest);
            if (!SCHEMA.equals(m.path("schema").asText())) {
                throw new EvidenceException(source, "not an evidence bundle manifest (schema '"
                        + m.path("schema").asText() + "', want " + SCHEMA + ")");
            }
            JsonNode h = m.path("head");
            return h.isObject() ? Optional.of(new EvidenceHead(h.required("seq").asLong(),
                    h.required("hash").asText(), h.required("signature").asText(), h.required("keyId").asText()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new EvidenceException(source, "not an evidence bundle manifest (" + e.getMessage().lines()
                    .findFirst().orElse("") + ")");
        }
    }
}
