package io.edgefusion.node.guard;

import io.edgefusion.node.deploy.Revision;
import io.edgefusion.node.deploy.Revisions;
import io.edgefusion.node.store.NodeDatabase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which revisions are last-known-good: a workload of a revision that ran its deployment's {@code guardian.stable}
 * period without a failed check is recorded here; a revision is known-good once every one of its workloads is.
 * A rollback returns to the newest known-good revision other than the faulty one.
 */
final class KnownGood {
    static final List<String> SCHEMA = List.of("CREATE TABLE guardian_known_good (deployment TEXT NOT NULL,"
            + " revision INTEGER NOT NULL, workload TEXT NOT NULL, at INTEGER NOT NULL,"
            + " PRIMARY KEY (deployment, revision, workload))");

    private final NodeDatabase db;
    private final Revisions revisions;

    KnownGood(NodeDatabase db, Revisions revisions) {
        this.db = db;
        this.revisions = revisions;
        db.migrate("guardian-known-good", SCHEMA);
    }

    /** Records that {@code workload} of revision {@code revision} passed its stable period; true when new. */
    boolean record(String deployment, int revision, String workload, long atMillis) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT OR IGNORE INTO guardian_known_good"
                    + " (deployment, revision, workload, at) VALUES (?, ?, ?, ?)")) {
                p.setString(1, deployment);
                p.setInt(2, revision);
                p.setString(3, workload);
                p.setLong(4, atMillis);
                return p.executeUpdate() == 1;
            }
        });
    }

    /** Whether every workload of revision {@code revision} passed its stable period. */
    boolean isKnownGood(String deployment, int revision) {
        return revisions.revision(deployment, revision).map(r -> stable(r).containsAll(r.workloads()))
                .orElse(false);
    }

    /** The newest known-good revision of {@code deployment} other than {@code except}. */
    Optional<Revision> newestExcept(String deployment, int except) {
        return revisions.history(deployment).stream()
                .filter(r -> r.number() != except && r.status().wasRolledOut())
                .filter(r -> stable(r).containsAll(r.workloads()))
                .max(java.util.Comparator.comparingInt(Revision::number));
    }

    private Set<String> stable(Revision r) {
        return db.query(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT workload FROM guardian_known_good"
                    + " WHERE deployment = ? AND revision = ?")) {
                p.setString(1, r.deployment());
                p.setInt(2, r.number());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }
}
