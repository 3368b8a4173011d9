package io.edgefusion.node.deploy;

import io.edgefusion.node.store.NodeDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Deployments and their revisions in the node's database: what should run (desired state) and every file that
 * was deployed, numbered 1, 2, 3… per deployment. Each mutation is one transaction, so a node killed at any point
 * leaves either the state before it or the state after it. Numbers are never reused, even after undeploy.
 */
public final class Revisions {
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE deployments (name TEXT PRIMARY KEY,"
                    + " state TEXT NOT NULL CHECK (state IN ('active', 'removed')),"
                    + " current_revision INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
            "CREATE TABLE deployment_revisions (deployment TEXT NOT NULL REFERENCES deployments(name),"
                    + " number INTEGER NOT NULL CHECK (number >= 1), text TEXT NOT NULL, path TEXT NOT NULL,"
                    + " created_at INTEGER NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending', 'rolling-out',"
                    + " 'rolled-out', 'failed', 'superseded', 'rolled-back')), reason TEXT, rollback_of INTEGER,"
                    + " workloads TEXT NOT NULL, PRIMARY KEY (deployment, number))");
    private static final String REVISION_COLUMNS = "deployment, number, text, path, created_at, status, reason,"
            + " rollback_of, workloads";

    private final NodeDatabase db;
    private final InstantSource clock;

    public Revisions(NodeDatabase db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
        db.migrate("deployments", SCHEMA);
    }

    /** What {@link #propose} did. */
    public sealed interface Proposal {
        /** The file is the one already rolled out: nothing stored (as {@code kubectl apply} says "unchanged"). */
        record Unchanged(Revision current) implements Proposal {
        }

        record Created(Revision revision) implements Proposal {
        }
    }

    /**
     * Stores {@code text} (the file of {@code deployment}) as its next revision (pending), creating the deployment
     * or making a removed one active again; unless the deployment is active and {@code sameAsCurrent} says its
     * current revision already is this file.
     */
    public Proposal propose(Deployment deployment, String text, String path, OptionalInt rollbackOf,
                            Predicate<Revision> sameAsCurrent) {
        String name = deployment.name();
        String workloads = String.join(" ", deployment.workloads().stream().map(WorkloadSpec::name).toList());
        return db.inTransaction(c -> {
            long now = clock.millis();
            Optional<DeploymentRecord> d = find(c, name);
            if (d.isPresent() && d.get().state() == DeploymentRecord.State.ACTIVE && d.get().current().isPresent()) {
                Revision current = d.get().current().get();
                if (sameAsCurrent.test(current)) {
                    return new Proposal.Unchanged(current);
                }
            }
            if (d.isEmpty()) {
                update(c, "INSERT INTO deployments (name, state, current_revision, created_at, updated_at)"
                        + " VALUES (?, 'active', NULL, ?, ?)", name, now, now);
            } else {
                update(c, "UPDATE deployments SET state = 'active', updated_at = ? WHERE name = ?", now, name);
            }
            int number = d.map(r -> r.latest().number()).orElse(0) + 1;
            update(c, "INSERT INTO deployment_revisions (" + REVISION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, 'pending',"
                    + " NULL, ?, ?)", name, number, text, path, now, rollbackOf.isPresent() ? rollbackOf.getAsInt() : null,
                    workloads);
            return new Proposal.Created(revision(c, name, number).orElseThrow());
        });
    }

    /** pending → rolling-out, just before the rollout starts. */
    public Revision start(String name, int number) {
        return db.inTransaction(c -> {
            expect(c, name, number, RevisionStatus.PENDING);
            setStatus(c, name, number, RevisionStatus.ROLLING_OUT, null);
            return revision(c, name, number).orElseThrow();
        });
    }

    /**
     * rolling-out → rolled-out (it becomes current; the revision it replaces becomes superseded, or rolled-back
     * when this one is a rollback) or → failed with the reason (the current revision stays current).
     */
    public Revision finish(String name, int number, Rollouts.Outcome outcome) {
        return finish(name, number, outcome, null);
    }

    /** As {@link #finish(String, int, Rollouts.Outcome)}; {@code replacedWhy} is stored as the replaced one's reason. */
    public Revision finish(String name, int number, Rollouts.Outcome outcome, String replacedWhy) {
        return db.inTransaction(c -> {
            Revision r = expect(c, name, number, RevisionStatus.ROLLING_OUT);
            switch (outcome) {
                case Rollouts.Outcome.RolledOut ok -> {
                    DeploymentRecord d = find(c, name).orElseThrow();
                    if (d.current().isPresent()) {
                        setStatus(c, name, d.current().get().number(), r.rollbackOf().isPresent()
                                ? RevisionStatus.ROLLED_BACK : RevisionStatus.SUPERSEDED, replacedWhy);
                    }
                    setStatus(c, name, number, RevisionStatus.ROLLED_OUT, null);
                    update(c, "UPDATE deployments SET current_revision = ?, updated_at = ? WHERE name = ?", number,
                            clock.millis(), name);
                }
                case Rollouts.Outcome.Failed failed -> {
                    setStatus(c, name, number, RevisionStatus.FAILED, failed.reason());
                    update(c, "UPDATE deployments SET updated_at = ? WHERE name = ?", clock.millis(), name);
                }
            }
            return revision(c, name, number).orElseThrow();
        });
    }

    /**
     * {@code undeploy}: the deployment is removed from the desired state (nothing of it should run) and has no
     * current revision; its history stays. False when there is no active deployment of that name.
     */
    public boolean remove(String name) {
        return db.inTransaction(c -> update(c, "UPDATE deployments SET state = 'removed', current_revision = NULL,"
                + " updated_at = ? WHERE name = ? AND state = 'active'", clock.millis(), name) == 1);
    }

    public Optional<DeploymentRecord> find(String name) {
        return db.query(c -> find(c, name));
    }

    /** Every deployment by name; removed ones only when asked. */
    public List<DeploymentRecord> list(boolean includeRemoved) {
        return db.query(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT name FROM deployments"
                    + (includeRemoved ? "" : " WHERE state = 'active'") + " ORDER BY name")) {
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            List<DeploymentRecord> out = new ArrayList<>();
            for (String n : names) {
                out.add(find(c, n).orElseThrow());
            }
            return out;
        });
    }

    /** Every revision of {@code name}, oldest first; empty when there is no such deployment. */
    public List<Revision> history(String name) {
        return db.query(c -> revisions(c, "WHERE deployment = ? ORDER BY number", name));
    }

    public Optional<Revision> revision(String name, int number) {
        return db.query(c -> revision(c, name, number));
    }

    /**
     * What {@code rollback} goes back to by default: the newest revision before the current one that was once
     * rolled out (failed revisions never ran, so they are skipped), as {@code kubectl rollout undo} does.
     */
    public Optional<Revision> previous(String name) {
        return db.query(c -> {
            Optional<DeploymentRecord> d = find(c, name);
            if (d.isEmpty() || d.get().current().isEmpty()) {
                return Optional.empty();
            }
            int current = d.get().current().get().number();
            return revisions(c, "WHERE deployment = ? AND number < ? ORDER BY number DESC", name, current).stream()
                    .filter(r -> r.status().wasRolledOut()).findFirst();
        });
    }

    /** The current revision of every active deployment: what a starting node must have running. */
    public List<Revision> desired() {
        return db.query(c -> revisions(c, "WHERE EXISTS (SELECT 1 FROM deployments d WHERE d.name = deployment"
                + " AND d.state = 'active' AND d.current_revision = number) ORDER BY deployment"));
    }

    /** Revisions whose rollout had not finished (pending or rolling-out): a node died during it. */
    public List<Revision> unfinished() {
        return db.query(c -> revisions(c, "WHERE status IN ('pending', 'rolling-out') ORDER BY deployment, number"));
    }

    private Revision expect(Connection c, String name, int number, RevisionStatus status) throws SQLException {
        Revision r = revision(c, name, number).orElseThrow(() -> new IllegalStateException("deployment " + name
                + " has no revision " + number));
        if (r.status() != status) {
            throw new IllegalStateException(name + " revision " + number + " is " + r.status().spelling()
                    + ", not " + status.spelling());
        }
        return r;
    }

    private static void setStatus(Connection c, String name, int number, RevisionStatus s, String reason)
            throws SQLException {
        update(c, "UPDATE deployment_revisions SET status = ?, reason = ? WHERE deployment = ? AND number = ?",
                s.spelling(), reason, name, number);
    }

    private static Optional<DeploymentRecord> find(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT state, current_revision, created_at, updated_at,"
                + " (SELECT max(number) FROM deployment_revisions WHERE deployment = name) FROM deployments"
                + " WHERE name = ?")) {
            q.setString(1, name);
            ResultSet rs = q.executeQuery();
            if (!rs.next()) {
                return Optional.empty();
            }
            DeploymentRecord.State state = DeploymentRecord.State.valueOf(rs.getString(1).toUpperCase(
                    java.util.Locale.ROOT));
            int current = rs.getInt(2);
            boolean none = rs.wasNull();
            Instant created = Instant.ofEpochMilli(rs.getLong(3));
            Instant updated = Instant.ofEpochMilli(rs.getLong(4));
            int latest = rs.getInt(5);
            rs.close();
            return Optional.of(new DeploymentRecord(name, state, none ? Optional.empty() : revision(c, name, current),
                    created, updated, revision(c, name, latest).orElseThrow()));
        }
    }

    private static Optional<Revision> revision(Connection c, String name, int number) throws SQLException {
        return revisions(c, "WHERE deployment = ? AND number = ?", name, number).stream().findFirst();
    }

    private static List<Revision> revisions(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + REVISION_COLUMNS + " FROM deployment_revisions "
                + where)) {
            bind(q, args);
            ResultSet rs = q.executeQuery();
            List<Revision> out = new ArrayList<>();
            while (rs.next()) {
                int rollbackOf = rs.getInt(8);
                OptionalInt of = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(rollbackOf);
                out.add(new Revision(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), RevisionStatus.of(rs.getString(6)).orElseThrow(),
                        Optional.ofNullable(rs.getString(7)), of, List.of(rs.getString(9).split(" "))));
            }
            return out;
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(sql)) {
            bind(u, args);
            return u.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case null -> s.setNull(i + 1, Types.NULL);
                case Integer n -> s.setInt(i + 1, n);
                case Long n -> s.setLong(i + 1, n);
                default -> s.setString(i + 1, args[i].toString());
            }
        }
    }
}
