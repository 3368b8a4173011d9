package io.edgefusion.guardian.breaker;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.store.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Trips and their steps in SQLite; every change is one transaction, so what is read back is what was done. */
public final class TripStore {
    /** The tables (idempotent DDL: the node may also run it through its own migrations). */
    public static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS guardian_trips (id TEXT PRIMARY KEY, workload TEXT NOT NULL,"
                    + " revision TEXT, sandbox TEXT, opened_at INTEGER NOT NULL, cause TEXT NOT NULL,"
                    + " finished_at INTEGER)",
            "CREATE TABLE IF NOT EXISTS guardian_trip_steps (trip_id TEXT NOT NULL REFERENCES guardian_trips(id),"
                    + " step TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, started_at INTEGER,"
                    + " finished_at INTEGER, result TEXT NOT NULL DEFAULT '', PRIMARY KEY (trip_id, step))");

    private final Sql sql;

    public TripStore(Sql sql) {
        this.sql = sql;
        sql.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String d : DDL) {
                    s.execute(d);
                }
            }
            return null;
        });
    }

    /** Writes a new trip with every step PENDING. */
    public Trip create(String id, WorkloadRef w, Instant openedAt, String cause) {
        sql.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO guardian_trips (id, workload, revision,"
                    + " sandbox, opened_at, cause) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, w.name());
                p.setString(3, w.revision());
                p.setString(4, w.sandboxId());
                p.setLong(5, openedAt.toEpochMilli());
                p.setString(6, cause);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO guardian_trip_steps (trip_id, step, status,"
                    + " attempts) VALUES (?, ?, 'PENDING', 0)")) {
                for (TripStep s : TripStep.values()) {
                    p.setString(1, id);
                    p.setString(2, s.name());
                    p.executeUpdate();
                }
            }
            return null;
        });
        return get(id).orElseThrow();
    }

    /** Records that {@code step} is about to be taken (before it is). */
    public void started(String id, TripStep step, Instant at) {
        update("UPDATE guardian_trip_steps SET status = 'STARTED', attempts = attempts + 1, started_at = ?"
                + " WHERE trip_id = ? AND step = ?", at.toEpochMilli(), id, step.name());
    }

    public void done(String id, TripStep step, Instant at, String resultJson) {
        finished(id, step, Trip.Status.DONE, at, resultJson);
    }

    public void failed(String id, TripStep step, Instant at, String error) {
        finished(id, step, Trip.Status.FAILED, at, error);
    }

    public void skipped(String id, TripStep step, Instant at, String why) {
        finished(id, step, Trip.Status.SKIPPED, at, why);
    }

    public void finish(String id, Instant at) {
        sql.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE guardian_trips SET finished_at = ? WHERE id = ?")) {
                p.setLong(1, at.toEpochMilli());
                p.setString(2, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    private void finished(String id, TripStep step, Trip.Status status, Instant at, String result) {
        sql.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE guardian_trip_steps SET status = ?,"
                    + " finished_at = ?, result = ? WHERE trip_id = ? AND step = ?")) {
                p.setString(1, status.name());
                p.setLong(2, at.toEpochMilli());
                p.setString(3, result);
                p.setString(4, id);
                p.setString(5, step.name());
                if (p.executeUpdate() != 1) {
                    throw new IllegalStateException("trip " + id + " has no step " + step.label());
                }
            }
            return null;
        });
    }

    private void update(String statement, long at, String id, String step) {
        sql.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(statement)) {
                p.setLong(1, at);
                p.setString(2, id);
                p.setString(3, step);
                if (p.executeUpdate() != 1) {
                    throw new IllegalStateException("trip " + id + " has no step " + step);
                }
            }
            return null;
        });
    }

    public Optional<Trip> get(String id) {
        return sql.inTransaction(c -> read(c, "WHERE id = ?", id)).stream().findFirst();
    }

    /** Trips a node died in the middle of, oldest first. */
    public List<Trip> unfinished() {
        return sql.inTransaction(c -> read(c, "WHERE finished_at IS NULL", null));
    }

    /** Every trip of {@code workload}, oldest first. */
    public List<Trip> of(String workload) {
        return sql.inTransaction(c -> read(c, "WHERE workload = ?", workload));
    }

    private static List<Trip> read(Connection c, String where, String arg) throws SQLException {
        List<Trip> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, workload, revision, sandbox, opened_at, cause,"
                + " finished_at FROM guardian_trips " + where + " ORDER BY opened_at, id")) {
            if (arg != null) {
                p.setString(1, arg);
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    long fin = r.getLong(7);
                    Optional<Instant> finished = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(fin));
                    out.add(new Trip(id, new WorkloadRef(r.getString(2), r.getString(3), r.getString(4)),
                            Instant.ofEpochMilli(r.getLong(5)), r.getString(6), steps(c, id), finished));
                }
            }
        }
        return out;
    }

    private static List<Trip.StepRecord> steps(Connection c, String id) throws SQLException {
        List<Trip.StepRecord> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT step, status, attempts, started_at, finished_at, result"
                + " FROM guardian_trip_steps WHERE trip_id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long s = r.getLong(4);
                    Optional<Instant> started = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(s));
                    long f = r.getLong(5);
                    Optional<Instant> fin = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(f));
                    out.add(new Trip.StepRecord(TripStep.valueOf(r.getString(1)), Trip.Status.valueOf(r.getString(2)),
                            r.getInt(3), started, fin, r.getString(6)));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Trip.StepRecord::step));
        return out;
    }
}
