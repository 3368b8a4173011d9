package io.edgefusion.guardian.store;

import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link Sql} over one plain JDBC connection: what tests use, and what the CLI uses to read the node's database
 * without a node ({@link #openReadOnly}). The connection serves one transaction at a time.
 */
public final class JdbcSql implements Sql, AutoCloseable {
    private final Connection connection;
    private final Path file;

    public JdbcSql(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** A read-write connection to {@code file} in WAL mode, as the node opens its database. */
    public static JdbcSql open(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
            }
            return new JdbcSql(c, file);
        } catch (SQLException e) {
            throw new SqlException(file, "open", e);
        }
    }

    /**
     * A read-only connection to an existing {@code file}: the CLI reads what the node writes and must never
     * change it (nor create the file when it is missing).
     */
    public static JdbcSql openReadOnly(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SqlException(file, "open read-only", new SQLException("no such database file"));
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        try {
            return new JdbcSql(DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties()), file);
        } catch (SQLException e) {
            throw new SqlException(file, "open read-only", e);
        }
    }

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
