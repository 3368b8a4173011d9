package io.edgefusion.guardian.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The guardian's access to durable state: plain JDBC inside one transaction. The node fills it from its
 * NodeDatabase (one SQLite file, WAL); tests use {@link SqliteFile} on a temp file. The guardian never opens
 * or owns the database itself.
 */
@FunctionalInterface
public interface Sql {
    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Work<T> work);

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }
}
