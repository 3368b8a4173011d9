package io.edgefusion.node.store;

import io.edgefusion.node.NodePaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The node's durable state: one SQLite file ({@code ROOT/node/state.db}) in WAL mode, so a node killed at any
 * point leaves the last committed transaction, and readers never wait for the writer. Each component owns its
 * tables and creates them through {@link #migrate} under its own name, once per schema version.
 *
 * <p>sqlite-jdbc extracts its native library on first use; it goes to {@code ROOT/node/lib} (0700) instead of a
 * shared /tmp another user could plant a library in.
 */
public final class NodeDatabase implements AutoCloseable {
    private final Connection connection;
    private final Path file;

    private NodeDatabase(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    public static NodeDatabase open(NodePaths paths) {
        try {
            Files.createDirectories(paths.nativeLibDir(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + paths.nativeLibDir(), e);
        }
        synchronized (NodeDatabase.class) {
            if (System.getProperty("org.sqlite.tmpdir") == null) {
                System.setProperty("org.sqlite.tmpdir", paths.nativeLibDir().toString());
            }
        }
        Path file = paths.database();
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY,"
                        + " version INTEGER NOT NULL)");
            }
            return new NodeDatabase(c, file);
        } catch (SQLException e) {
            throw new StoreException(file, "open", e);
        }
    }

    /**
     * Brings {@code component}'s tables to version {@code steps.size()}: runs each step not yet applied, each in
     * its own transaction with the version bump, so a crash mid-migration leaves a version that matches.
     */
    public synchronized void migrate(String component, List<String> steps) {
        try {
            int have = 0;
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT version FROM schema_versions WHERE component = ?")) {
                q.setString(1, component);
                var rs = q.executeQuery();
                if (rs.next()) {
                    have = rs.getInt(1);
                }
            }
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
        } catch (SQLException e) {
            throw new StoreException(file, "migrate " + component, e);
        }
    }

    /** Work that must commit whole or not at all; the connection is used by one caller at a time. */
    public synchronized <T> T inTransaction(Work<T> work) {
        try {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T t = work.run(connection);
                connection.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException(file, "transaction", e);
        }
    }

    /** A read or a single statement; autocommit. */
    public synchronized <T> T query(Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(file, "query", e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException(file, "close", e);
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }
}
