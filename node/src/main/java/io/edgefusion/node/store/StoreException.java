package io.edgefusion.node.store;

import java.nio.file.Path;
import java.sql.SQLException;

/** A failure of the node's database, naming the file and the step. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(Path file, String step, SQLException cause) {
        super(file + ": " + step + ": " + cause.getMessage(), cause);
    }
}
