package io.edgefusion.guardian.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The guardian's view of the node's database: work that commits whole or not at all. The guardian sits below
 * the node and cannot see its {@code NodeDatabase}; the node fills this in from it (its {@code inTransaction}
 * and {@code migrate}), tests use {@link JdbcSql} over a temp-file SQLite connection.
 *
 * <p>Implementations run one transaction at a time (callers on many threads are serialized), roll back when the
 * work throws, and report SQL failures as {@link SqlException} naming the database.
 */
@FunctionalInterface
public interface Sql {
    /** Runs {@code work} in one transaction: commit when it returns, roll back when it throws. */
    <T> T inTransaction(Work<T> work);

    /**
     * Brings {@code component}'s tables to version {@code steps.size()}, each missing step in its own
     * transaction with its version bump. The default keeps versions in {@code schema_versions(component,
     * version)}, the same table and meaning as the node's own {@code NodeDatabase.migrate}, so a node may pass
     * either.
     */
    default void migrate(String component, List<String> steps) {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY,"
                        + " version INTEGER NOT NULL)");
            }
            return null;
        });
        int have = inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT version FROM schema_versions WHERE component = ?")) {
                q.setString(1, component);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
        for (int v = have; v < steps.size(); v++) {
            int version = v + 1;
            String step = steps.get(v);
            inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate(step);
                }
                try (PreparedStatement u = c.prepareStatement("INSERT INTO schema_versions(component, version)"
                        + " VALUES(?, ?) ON CONFLICT(component) DO UPDATE SET version = excluded.version")) {
                    u.setString(1, component);
                    u.setInt(2, version);
                    u.executeUpdate();
                }
                return null;
            });
        }
    }

    /** One unit of database work on the connection it is given; it must not keep the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }
}
