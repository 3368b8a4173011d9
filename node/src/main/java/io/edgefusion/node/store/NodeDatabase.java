package io.edgefusion.node.store;

import io.edgefusion.guardian.store.Sql;
import io.edgefusion.guardian.store.SqlException;
import io.edgefusion.node.NodePaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The node's durable state: one SQLite file ({@code ROOT/node/state.db}) in WAL mode, so a node killed at any
 * point leaves the last committed transaction, and readers never wait for the writer. Each component owns its
 * tables and creates them through {@link Sql#migrate} under its own name, once per schema version. It is the
 * guardian's {@link Sql} as it is (the guardian sits below the node and cannot name this class).
 *
 * <p>sqlite-jdbc extracts its native library on first use; it goes to {@code ROOT/node/lib} (0700) instead of a
 * shared /tmp another user could plant a library in.
 */
public final class NodeDatabase implements Sql, AutoCloseable {
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
            throw new SqlException(file, "open", e);
        }
    }

    /** Work that must commit whole or not at all; the connection is used by one caller at a time. */
    @Override
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
            throw new SqlException(file, "transaction", e);
        }
    }

    /** A read or a single statement; autocommit. */
    public synchronized <T> T query(Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new SqlException(file, "query", e);
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
            throw new SqlException(file, "close", e);
        }
    }
}
