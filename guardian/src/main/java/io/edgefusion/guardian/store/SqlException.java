package io.edgefusion.guardian.store;

import java.nio.file.Path;
import java.sql.SQLException;

/** A database step that failed: which database, which step, SQLite's reason. */
public final class SqlException extends RuntimeException {
    private final transient Path database;
    private final String step;

    public SqlException(Path database, String step, SQLException cause) {
        super(database + ": " + step + ": " + cause.getMessage(), cause);
        this.database = database;
        this.step = step;
    }

    public Path database() {
        return database;
    }

    public String step() {
        return step;
    }
}
