package io.edgefusion.guardian.evidence;

import io.edgefusion.guardian.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evidence tables in the node's database ({@code ROOT/node/state.db}). The names and columns are a stable
 * interface: the node writes them, {@code edgefusion evidence} reads them without a node (docs/evidence.md).
 * Triggers refuse UPDATE and DELETE of records, so no code path of the node can rewrite history by accident;
 * anyone with the file can drop them, which is what the hash chain and the signatures are for.
 */
public final class EvidenceTable {
    public static final String COMPONENT = "evidence";
    public static final String RECORDS = "evidence_records";
    public static final String HEAD = "evidence_head";

    static final List<String> MIGRATIONS = List.of(
            "CREATE TABLE " + RECORDS + " (seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, kind TEXT NOT NULL,"
                    + " subject TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,"
                    + " signature TEXT NOT NULL, key_id TEXT NOT NULL)",
            "CREATE TABLE " + HEAD + " (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,"
                    + " hash TEXT NOT NULL, signature TEXT NOT NULL, key_id TEXT NOT NULL)",
            "CREATE INDEX evidence_records_subject ON " + RECORDS + " (subject, seq)",
            "CREATE TRIGGER evidence_records_no_update BEFORE UPDATE ON " + RECORDS
                    + " BEGIN SELECT RAISE(ABORT, 'evidence records are append-only'); END",
            "CREATE TRIGGER evidence_records_no_delete BEFORE DELETE ON " + RECORDS
                    + " BEGIN SELECT RAISE(ABORT, 'evidence records are append-only'); END");

    private static final String COLUMNS = "seq, time_ms, kind, subject, payload, prev_hash, hash, signature, key_id";

    private EvidenceTable() {
    }

    /** Creates or upgrades the tables. */
    public static void migrate(Sql sql) {
        sql.migrate(COMPONENT, MIGRATIONS);
    }

    /** Whether the tables exist (a database the node made before it had evidence has none). */
    public static boolean exists(Sql sql) {
        return sql.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                q.setString(1, RECORDS);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Records in seq order, optionally from a time on and for one subject; all of them for a verifier. */
    public static List<EvidenceRecord> list(Sql sql, Query query) {
        if (!exists(sql)) {
            return List.of();
        }
        return sql.inTransaction(c -> {
            StringBuilder q = new StringBuilder("SELECT " + COLUMNS + " FROM " + RECORDS + " WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            query.sinceMs().ifPresent(t -> {
                q.append(" AND time_ms >= ?");
                args.add(t);
            });
            query.subject().ifPresent(s -> {
                q.append(" AND subject = ?");
                args.add(s);
            });
            q.append(" ORDER BY seq");
            try (PreparedStatement ps = c.prepareStatement(q.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                return read(ps);
            }
        });
    }

    /**
     * Every record and the signed head, read in one transaction: a verifier or an export running while the node
     * appends sees one consistent state, never a head newer than the records it read.
     */
    public static Chain chain(Sql sql) {
        if (!exists(sql)) {
            return new Chain(List.of(), Optional.empty());
        }
        return sql.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + RECORDS
                    + " ORDER BY seq")) {
                List<EvidenceRecord> records = read(ps);
                return new Chain(records, head(c));
            }
        });
    }

    /** All records in seq order with the signed head, as of one moment. */
    public record Chain(List<EvidenceRecord> records, Optional<EvidenceHead> head) {
        public Chain {
            records = List.copyOf(records);
        }
    }

    public static Optional<EvidenceRecord> get(Sql sql, long seq) {
        if (!exists(sql)) {
            return Optional.empty();
        }
        return sql.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + RECORDS
                    + " WHERE seq = ?")) {
                ps.setLong(1, seq);
                return read(ps).stream().findFirst();
            }
        });
    }

    public static Optional<EvidenceHead> head(Sql sql) {
        if (!exists(sql)) {
            return Optional.empty();
        }
        return sql.inTransaction(EvidenceTable::head);
    }

    static Optional<EvidenceHead> head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash, signature, key_id FROM " + HEAD
                + " WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new EvidenceHead(rs.getLong(1), rs.getString(2), rs.getString(3),
                    rs.getString(4))) : Optional.empty();
        }
    }

    /** The newest record's seq and hash, what the next record chains to; empty for an empty log. */
    static Optional<EvidenceRecord> last(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + RECORDS
                + " ORDER BY seq DESC LIMIT 1")) {
            return read(ps).stream().findFirst();
        }
    }

    static void insert(Connection c, EvidenceRecord r, EvidenceHead head) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + RECORDS + " (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, r.seq());
            ps.setLong(2, r.timeMs());
            ps.setString(3, r.kind());
            ps.setString(4, r.subject());
            ps.setString(5, r.payload());
            ps.setString(6, r.prevHash());
            ps.setString(7, r.hash());
            ps.setString(8, r.signature());
            ps.setString(9, r.keyId());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + HEAD + " (id, seq, hash, signature, key_id)"
                + " VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                + " signature = excluded.signature, key_id = excluded.key_id")) {
            ps.setLong(1, head.seq());
            ps.setString(2, head.hash());
            ps.setString(3, head.signature());
            ps.setString(4, head.keyId());
            ps.executeUpdate();
        }
    }

    private static List<EvidenceRecord> read(PreparedStatement ps) throws SQLException {
        List<EvidenceRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new EvidenceRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
            }
        }
        return out;
    }

    /** What {@link #list} selects. */
    public record Query(Optional<Long> sinceMs, Optional<String> subject) {
        public static final Query ALL = new Query(Optional.empty(), Optional.empty());
    }
}
