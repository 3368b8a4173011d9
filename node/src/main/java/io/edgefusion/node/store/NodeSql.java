package io.edgefusion.node.store;

import io.edgefusion.guardian.store.Sql;

/**
 * The node's database as the guardian's {@link Sql}: the guardian sits below the node and cannot see
 * {@link NodeDatabase}, so the node hands it this view (one transaction at a time, the same connection, the same
 * {@code schema_versions}).
 */
public final class NodeSql implements Sql {
    private final NodeDatabase db;

    public NodeSql(NodeDatabase db) {
        this.db = db;
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        return db.inTransaction(work::run);
    }

    @Override
    public void migrate(String component, java.util.List<String> steps) {
        db.migrate(component, steps);
    }
}
