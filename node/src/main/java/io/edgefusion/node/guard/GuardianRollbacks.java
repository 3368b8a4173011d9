package io.edgefusion.node.guard;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.breaker.Rollbacks;
import io.edgefusion.node.deploy.DeploymentService;
import io.edgefusion.node.deploy.Revision;
import io.edgefusion.node.deploy.RevisionStatus;
import io.edgefusion.node.store.NodeDatabase;
import io.edgefusion.node.supervise.NodeCheckpoints;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Level 2 of a trip in a node: a new revision re-applying the last-known-good one's file, rolled out by the
 * deployment service (started, gated on health, then the faulty one retired — its history says why).
 *
 * <p>Exactly once per trip: the trip id and the target are written before the rollout starts; a trip resumed
 * after a node died asks again, finds its row and, instead of rolling out a second time, reports the revision
 * that rollout created (finished by the node's start, which completes or fails interrupted rollouts).
 */
final class GuardianRollbacks implements Rollbacks {
    static final List<String> SCHEMA = List.of("CREATE TABLE guardian_rollbacks (trip TEXT PRIMARY KEY,"
            + " deployment TEXT NOT NULL, target INTEGER NOT NULL, created_at INTEGER NOT NULL, revision INTEGER)");

    private final NodeDatabase db;
    private final KnownGood knownGood;
    private final Supplier<Optional<DeploymentService>> deployments;
    private final InstantSource clock;

    GuardianRollbacks(NodeDatabase db, KnownGood knownGood, Supplier<Optional<DeploymentService>> deployments,
                      InstantSource clock) {
        this.db = db;
        this.knownGood = knownGood;
        this.deployments = deployments;
        this.clock = clock;
        db.migrate("guardian-rollbacks", SCHEMA);
    }

    private record Row(String deployment, int target, long createdAt, Integer revision) {
    }

    @Override
    public Outcome rollback(String tripId, WorkloadRef faulty, String reason) {
        String deployment = faulty.name().substring(0, faulty.name().indexOf('/'));
        int faultyRevision = Integer.parseInt(faulty.revision());
        Optional<Row> row = row(tripId);
        if (row.isPresent()) {
            Optional<Revision> made = made(row.get());
            if (made.isPresent()) {
                return outcome(made.get(), faulty);
            }
        }
        Optional<Revision> target = knownGood.newestExcept(deployment, faultyRevision);
        if (target.isEmpty()) {
            return new NothingToRollBackTo("no revision of " + deployment + " other than r" + faultyRevision
                    + " ever passed its stable period; it stays down until a fixed revision is deployed");
        }
        DeploymentService service = deployments.get().orElseThrow(() -> new IllegalStateException(
                "deployments are not served yet"));
        if (row.isEmpty()) {
            insert(tripId, deployment, target.get().number());
            NodeCheckpoints.reach("guardian-rollback-recorded", null);
        }
        DeploymentService.Result r = service.rollbackFaulty(deployment, target.get().number(), "guardian: "
                + reason);
        NodeCheckpoints.reach("guardian-rolled-back", null);
        setRevision(tripId, r.revision().number());
        return outcome(r.revision(), faulty);
    }

    private Outcome outcome(Revision made, WorkloadRef faulty) {
        return switch (made.status()) {
            case ROLLED_OUT, SUPERSEDED, ROLLED_BACK -> new RolledBack(Integer.toString(made.number()),
                    made.deployment() + "-" + faulty.name().substring(faulty.name().indexOf('/') + 1) + "-r"
                            + made.number());
            case FAILED -> new Failed("revision " + made.number() + " (r" + made.rollbackOf().orElse(0) + "'s file)"
                    + " failed: " + made.reason().orElse("unknown"));
            case PENDING, ROLLING_OUT -> new Failed("revision " + made.number() + " is still "
                    + made.status().spelling());
        };
    }

    /** The revision this trip's rollout made: recorded, or (died before recording) the newest rollback of the target. */
    private Optional<Revision> made(Row row) {
        DeploymentService service = deployments.get().orElse(null);
        if (service == null) {
            return Optional.empty();
        }
        if (row.revision() != null) {
            return service.revisions().revision(row.deployment(), row.revision());
        }
        return service.revisions().history(row.deployment()).stream()
                .filter(r -> r.rollbackOf().isPresent() && r.rollbackOf().getAsInt() == row.target())
                .filter(r -> !r.created().isBefore(java.time.Instant.ofEpochMilli(row.createdAt())))
                .filter(r -> r.status() != RevisionStatus.PENDING)
                .max(java.util.Comparator.comparingInt(Revision::number));
    }

    private Optional<Row> row(String trip) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT deployment, target, created_at, revision FROM"
                    + " guardian_rollbacks WHERE trip = ?")) {
                p.setString(1, trip);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    int rev = rs.getInt(4);
                    Integer revision = rs.wasNull() ? null : rev; // wasNull speaks of the last column read
                    return Optional.of(new Row(rs.getString(1), rs.getInt(2), rs.getLong(3), revision));
                }
            }
        });
    }

    private void insert(String trip, String deployment, int target) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO guardian_rollbacks (trip, deployment, target,"
                    + " created_at) VALUES (?, ?, ?, ?)")) {
                p.setString(1, trip);
                p.setString(2, deployment);
                p.setInt(3, target);
                p.setLong(4, clock.millis());
                return p.executeUpdate();
            }
        });
    }

    private void setRevision(String trip, int revision) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE guardian_rollbacks SET revision = ? WHERE trip = ?")) {
                p.setInt(1, revision);
                p.setString(2, trip);
                return p.executeUpdate();
            }
        });
    }
}
