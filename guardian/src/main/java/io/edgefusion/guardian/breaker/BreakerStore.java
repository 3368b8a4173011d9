package io.edgefusion.guardian.breaker;

import io.edgefusion.guardian.store.Sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Each workload's breaker state in SQLite, so an open breaker stays open across a node restart. */
public final class BreakerStore {
    public static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS guardian_breakers (workload TEXT PRIMARY KEY, state TEXT NOT NULL,"
                    + " since INTEGER NOT NULL, failures TEXT NOT NULL, reason TEXT NOT NULL)");

    private final Sql sql;

    public BreakerStore(Sql sql) {
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

    /** A persisted breaker. */
    public record Saved(BreakerState state, Instant since, List<Instant> failures, String reason) {
    }

    public void save(CircuitBreaker.View v) {
        String failures = String.join(",", v.failures().stream().map(i -> Long.toString(i.toEpochMilli())).toList());
        sql.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO guardian_breakers (workload, state, since,"
                    + " failures, reason) VALUES (?, ?, ?, ?, ?) ON CONFLICT(workload) DO UPDATE SET"
                    + " state = excluded.state, since = excluded.since, failures = excluded.failures,"
                    + " reason = excluded.reason")) {
                p.setString(1, v.workload());
                p.setString(2, v.state().name());
                p.setLong(3, v.since().toEpochMilli());
                p.setString(4, failures);
                p.setString(5, v.reason());
                p.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Saved> load(String workload) {
        return sql.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT state, since, failures, reason FROM"
                    + " guardian_breakers WHERE workload = ?")) {
                p.setString(1, workload);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    List<Instant> f = new ArrayList<>();
                    for (String s : r.getString(3).split(",")) {
                        if (!s.isEmpty()) {
                            f.add(Instant.ofEpochMilli(Long.parseLong(s)));
                        }
                    }
                    return Optional.of(new Saved(BreakerState.valueOf(r.getString(1)),
                            Instant.ofEpochMilli(r.getLong(2)), f, r.getString(4)));
                }
            }
        });
    }

    public void delete(String workload) {
        sql.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM guardian_breakers WHERE workload = ?")) {
                p.setString(1, workload);
                p.executeUpdate();
            }
            return null;
        });
    }
}
