package io.edgefusion.guardian.evidence;

import io.edgefusion.guardian.store.JdbcSql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A state root with a node key and an evidence log over a temp-file SQLite database, laid out as the node lays
 * it out ({@code ROOT/node/state.db}, {@code ROOT/node/evidence.key}, {@code ROOT/node/evidence/}).
 */
final class TestEvidence implements AutoCloseable {
    final Path root;
    final Path nodeDir;
    final JdbcSql sql;
    final NodeKey key;
    final EvidenceLog log;

    TestEvidence(Path root) {
        this.root = root;
        this.nodeDir = root.resolve("node");
        this.key = NodeKey.loadOrCreate(nodeDir);
        this.sql = JdbcSql.open(nodeDir.resolve("state.db"));
        this.log = EvidenceLog.open(sql, key, nodeDir.resolve("evidence"),
                Clock.fixed(Instant.parse("2026-12-01T20:33:12.123Z"), ZoneOffset.UTC));
    }

    /** Appends {@code n} check.failed records for line-monitor/api. */
    TestEvidence records(int n) {
        for (int i = 0; i < n; i++) {
            log.append("check.failed", "line-monitor/api", Map.of("reason", "port 9090 not in the contract",
                    "revision", 3, "n", i));
        }
        return this;
    }

    Verdict verify() {
        return log.verify();
    }

    /**
     * SQL as someone with the database file runs it: on a connection of its own, after dropping the
     * append-only triggers (which only guard against the node's own mistakes).
     */
    void tamper(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sql.file());
             Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS evidence_records_no_update");
            s.execute("DROP TRIGGER IF EXISTS evidence_records_no_delete");
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    @Override
    public void close() {
        sql.close();
    }
}
