package io.edgefusion.node.store;

import io.edgefusion.node.NodePaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeDatabaseTest {
    @TempDir
    Path root;

    @Test
    void migrationsRunOnceAndTheJournalIsWal() {
        NodePaths paths = new NodePaths(root);
        try (NodeDatabase db = NodeDatabase.open(paths)) {
            db.migrate("t", List.of("CREATE TABLE a (x INTEGER)", "ALTER TABLE a ADD COLUMN y TEXT"));
            db.migrate("t", List.of("CREATE TABLE a (x INTEGER)", "ALTER TABLE a ADD COLUMN y TEXT"));
            db.query(c -> c.createStatement().executeUpdate("INSERT INTO a VALUES (1, 'one')"));
            String mode = db.query(c -> {
                var rs = c.createStatement().executeQuery("PRAGMA journal_mode");
                rs.next();
                return rs.getString(1);
            });
            assertThat(mode).isEqualToIgnoringCase("wal");
        }
        try (NodeDatabase db = NodeDatabase.open(paths)) {
            int n = db.query(c -> {
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM a WHERE y = 'one'");
                rs.next();
                return rs.getInt(1);
            });
            assertThat(n).isEqualTo(1);
        }
        assertThat(Files.isDirectory(paths.nativeLibDir())).isTrue();
    }

    @Test
    void aFailedTransactionLeavesNothing() {
        try (NodeDatabase db = NodeDatabase.open(new NodePaths(root))) {
            db.migrate("t", List.of("CREATE TABLE a (x INTEGER NOT NULL)"));
            assertThatThrownBy(() -> db.inTransaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO a VALUES (1)");
                return c.createStatement().executeUpdate("INSERT INTO a VALUES (NULL)");
            })).isInstanceOf(io.edgefusion.guardian.store.SqlException.class).hasMessageContaining("state.db");
            int n = db.query(c -> {
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM a");
                rs.next();
                return rs.getInt(1);
            });
            assertThat(n).isZero();
        }
    }
}
