package io.edgefusion.guardian.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgefusion.guardian.store.Sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The append-only, hash-chained, signed evidence log. Each {@link #append} is one transaction that reads the
 * newest record, chains the new one to it, signs it, and moves the signed head forward; appends from many
 * threads are serialized, so the log is one chain. The node is its only writer; readers (the CLI) use
 * {@link EvidenceTable} directly.
 *
 * <p>A snapshot attachment (the breaker's diff snapshot) is a directory moved to {@code snapshots/<seq>} under
 * the evidence directory; its files' SHA-256 sums go into the payload under {@code "snapshot"}, so the signature
 * covers them. When the transaction fails, the directory is moved back.
 */
public final class EvidenceLog {
    /** The evidence directory's name in the node directory: {@code ROOT/node/evidence}. */
    public static final String DIR = "evidence";
    public static final Pattern KIND = Pattern.compile("^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$");
    static final ObjectMapper CANONICAL_JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String STAGING = "staging";

    private final Sql sql;
    private final NodeKey key;
    private final Path evidenceDir;
    private final Clock clock;
    private final ReentrantLock appending = new ReentrantLock();

    private EvidenceLog(Sql sql, NodeKey key, Path evidenceDir, Clock clock) {
        this.sql = sql;
        this.key = key;
        this.evidenceDir = evidenceDir;
        this.clock = clock;
    }

    /**
     * The log in {@code sql} (its tables created or upgraded now), signed with {@code key}, keeping snapshots
     * under {@code evidenceDir} ({@code ROOT/node/evidence}, created 0700: snapshots hold workload data).
     */
    public static EvidenceLog open(Sql sql, NodeKey key, Path evidenceDir, Clock clock) {
        EvidenceTable.migrate(sql);
        try {
            Files.createDirectories(evidenceDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new EvidenceException(evidenceDir, "cannot create the evidence directory: " + e.getMessage(), e);
        }
        return new EvidenceLog(sql, key, evidenceDir, clock);
    }

    /** {@link #append(String, String, Map, Optional)} without a snapshot. */
    public EvidenceRecord append(String kind, String subject, Map<String, ?> payload) {
        return append(kind, subject, payload, Optional.empty());
    }

    /**
     * Appends one record and returns it as stored.
     *
     * @param kind        dotted lower case: {@code check.failed}, {@code breaker.snapshot}, …
     * @param subject     {@code DEPLOYMENT/WORKLOAD}
     * @param payload     details: strings, numbers, booleans, nulls, lists and maps of them (stored with keys
     *                    sorted); the key {@code snapshot} is the log's own
     * @param snapshotDir a directory to attach; it is moved (not copied) into the evidence directory, so stage
     *                    it under {@link #newStagingDirectory()} to make that a rename
     */
    public EvidenceRecord append(String kind, String subject, Map<String, ?> payload, Optional<Path> snapshotDir) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("evidence kind '" + kind + "': want dotted lower case, e.g."
                    + " breaker.opened");
        }
        if (payload.containsKey("snapshot")) {
            throw new IllegalArgumentException("evidence payload: 'snapshot' is set by the log itself");
        }
        Optional<List<SnapshotFile>> files = snapshotDir.map(d -> {
            if (!Files.isDirectory(d)) {
                throw new EvidenceException(d, "not a directory: cannot attach it as a snapshot");
            }
            return new ArrayList<>(Snapshots.files(d).values()); // hashed before the lock: layers can be large
        });
        appending.lock();
        Path[] attached = new Path[1];
        try {
            return sql.inTransaction(c -> {
                Optional<EvidenceRecord> last = EvidenceTable.last(c);
                long seq = last.map(r -> r.seq() + 1).orElse(1L);
                String prev = last.map(EvidenceRecord::hash).orElse(EvidenceRecord.GENESIS);
                Map<String, Object> body = new LinkedHashMap<>(payload);
                files.ifPresent(f -> body.put("snapshot", Map.of("dir", Snapshots.relative(seq), "files",
                        f.stream().map(x -> Map.of("path", x.path(), "sha256", x.sha256(), "bytes", x.bytes()))
                                .toList())));
                String json = json(body);
                long now = clock.millis();
                String hash = Canonical.hash(Canonical.record(seq, now, kind, subject, json, prev));
                String keyId = key.publicKey().fingerprint();
                EvidenceRecord r = new EvidenceRecord(seq, now, kind, subject, json, prev, hash,
                        key.sign(HexFormat.of().parseHex(hash)), keyId);
                EvidenceHead head = new EvidenceHead(seq, hash, key.sign(Canonical.head(seq, hash)), keyId);
                if (snapshotDir.isPresent()) {
                    Path target = Snapshots.of(evidenceDir, seq);
                    // A directory left by an append that crashed before its commit belongs to no record.
                    Snapshots.removeQuietly(target);
                    Snapshots.move(snapshotDir.get(), target);
                    attached[0] = target;
                }
                EvidenceTable.insert(c, r, head);
                return r;
            });
        } catch (RuntimeException e) {
            if (attached[0] != null) {
                Snapshots.move(attached[0], snapshotDir.get()); // not committed: the caller gets its directory back
            }
            throw e;
        } finally {
            appending.unlock();
        }
    }

    /**
     * A new empty directory on the evidence directory's file system for the caller to fill with a snapshot and
     * pass to {@link #append}; removing it when not used is the caller's.
     */
    public Path newStagingDirectory() {
        Path d = evidenceDir.resolve(STAGING).resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(d, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            return d;
        } catch (IOException e) {
            throw new EvidenceException(d, "cannot create a snapshot staging directory: " + e.getMessage(), e);
        }
    }

    public Path evidenceDir() {
        return evidenceDir;
    }

    public EvidencePublicKey publicKey() {
        return key.publicKey();
    }

    /** Records in seq order (see {@link EvidenceTable#list}). */
    public List<EvidenceRecord> list(EvidenceTable.Query query) {
        return EvidenceTable.list(sql, query);
    }

    /** Checks the whole log as {@code edgefusion evidence verify} does, against this node's key. */
    public Verdict verify() {
        EvidenceTable.Chain chain = EvidenceTable.chain(sql);
        return EvidenceVerifier.verify(chain.records(), chain.head(), key.publicKey(),
                seq -> Snapshots.files(Snapshots.of(evidenceDir, seq)));
    }

    static String json(Map<String, ?> payload) {
        try {
            return CANONICAL_JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("evidence payload is not JSON-able: " + e.getOriginalMessage(), e);
        }
    }
}
