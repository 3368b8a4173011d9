package io.edgefusion.guardian.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link Sql} over one SQLite file with a single connection (WAL, synchronous FULL), for tests and for a guardian
 * running without a node. Transactions are serialised on the connection.
 */
public final class SqliteFile implements Sql, AutoCloseable {
    private final Connection connection;

    public SqliteFile(Path file) {
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
            }
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized <T> T inTransaction(Work<T> work) {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the original failure is the one to report
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("SQLite: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close SQLite: " + e.getMessage(), e);
        }
    }
}
