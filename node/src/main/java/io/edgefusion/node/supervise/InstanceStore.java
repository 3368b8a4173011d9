package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.RestartPolicy;
import io.edgefusion.node.store.NodeDatabase;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.state.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The supervisor's tables in the node database. Every step of a rollout or restart is written here before it
 * is acted on, so a node killed anywhere leaves rows that say what was meant and how far it got.
 */
public final class InstanceStore {
    static final List<String> MIGRATIONS = List.of(
            "CREATE TABLE instances (deployment TEXT NOT NULL, workload TEXT NOT NULL, revision INTEGER NOT NULL,"
                    + " sandbox_name TEXT NOT NULL UNIQUE, sandbox_id TEXT,"
                    + " desired TEXT NOT NULL CHECK (desired IN ('running', 'stopped')),"
                    + " observed TEXT NOT NULL, restarts INTEGER NOT NULL DEFAULT 0, spec TEXT NOT NULL,"
                    + " updated_at TEXT NOT NULL, PRIMARY KEY (deployment, workload, revision))",
            "CREATE TABLE rollout_progress (deployment TEXT PRIMARY KEY, revision INTEGER NOT NULL,"
                    + " previous INTEGER NOT NULL, phase TEXT NOT NULL, reason TEXT NOT NULL,"
                    + " document TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE adhoc_restarts (name TEXT PRIMARY KEY, sandbox_id TEXT, policy TEXT NOT NULL,"
                    + " max_retries INTEGER NOT NULL, restarts INTEGER NOT NULL, observed TEXT NOT NULL,"
                    + " spec TEXT NOT NULL, updated_at TEXT NOT NULL)");

    private static final String COLUMNS = "deployment, workload, revision, sandbox_name, sandbox_id, desired,"
            + " observed, restarts, spec, updated_at";

    private final NodeDatabase db;
    private final InstantSource clock;

    public InstanceStore(NodeDatabase db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
        db.migrate("supervise", MIGRATIONS);
    }

    /** Writes the row (insert or replace by key), stamped with the clock; returns it as stored. */
    public Instance put(Instance i) {
        Instance stamped = new Instance(i.deployment(), i.workload(), i.revision(), i.sandboxName(), i.sandboxId(),
                i.desired(), i.observed(), i.restarts(), i.spec(), clock.instant());
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO instances (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (deployment, workload, revision) DO UPDATE"
                    + " SET sandbox_id = excluded.sandbox_id, desired = excluded.desired,"
                    + " observed = excluded.observed, restarts = excluded.restarts, spec = excluded.spec,"
                    + " updated_at = excluded.updated_at")) {
                p.setString(1, stamped.deployment());
                p.setString(2, stamped.workload());
                p.setInt(3, stamped.revision());
                p.setString(4, stamped.sandboxName());
                p.setString(5, stamped.sandboxId());
                p.setString(6, stamped.desired().label());
                p.setString(7, stamped.observed().label());
                p.setInt(8, stamped.restarts());
                p.setString(9, SpecCodec.workload(stamped.spec()));
                p.setString(10, stamped.updatedAt().toString());
                return p.executeUpdate();
            }
        });
        return stamped;
    }

    public Optional<Instance> get(Instance.Key k) {
        List<Instance> l = select("WHERE deployment = ? AND workload = ? AND revision = ?", k.deployment(),
                k.workload(), k.revision());
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    public List<Instance> ofDeployment(String deployment) {
        return select("WHERE deployment = ? ORDER BY revision, workload", deployment);
    }

    public List<Instance> all() {
        return select("ORDER BY deployment, revision, workload");
    }

    public void delete(Instance.Key k) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM instances WHERE deployment = ? AND workload = ? AND revision = ?")) {
                p.setString(1, k.deployment());
                p.setString(2, k.workload());
                p.setInt(3, k.revision());
                return p.executeUpdate();
            }
        });
    }

    private List<Instance> select(String where, Object... args) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM instances " + where)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                ResultSet rs = p.executeQuery();
                List<Instance> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Instance(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5), Instance.Desired.valueOf(rs.getString(6).toUpperCase()),
                            WorkloadState.ofLabel(rs.getString(7)), rs.getInt(8), SpecCodec.workload(rs.getString(9)),
                            Instant.parse(rs.getString(10))));
                }
                return out;
            }
        });
    }

    public void putRollout(RolloutProgress r) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO rollout_progress (deployment, revision,"
                    + " previous, phase, reason, document, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (deployment) DO UPDATE SET revision = excluded.revision,"
                    + " previous = excluded.previous, phase = excluded.phase, reason = excluded.reason,"
                    + " document = excluded.document, updated_at = excluded.updated_at")) {
                p.setString(1, r.deployment());
                p.setInt(2, r.revision());
                p.setInt(3, r.previous());
                p.setString(4, r.phase().label());
                p.setString(5, r.reason());
                p.setString(6, SpecCodec.deployment(r.document()));
                p.setString(7, clock.instant().toString());
                return p.executeUpdate();
            }
        });
    }

    public Optional<RolloutProgress> rollout(String deployment) {
        List<RolloutProgress> l = rollouts("WHERE deployment = ?", deployment);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    public List<RolloutProgress> rollouts() {
        return rollouts("ORDER BY deployment");
    }

    public void deleteRollout(String deployment) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM rollout_progress WHERE deployment = ?")) {
                p.setString(1, deployment);
                return p.executeUpdate();
            }
        });
    }

    private List<RolloutProgress> rollouts(String where, Object... args) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT deployment, revision, previous, phase, reason,"
                    + " document FROM rollout_progress " + where)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                ResultSet rs = p.executeQuery();
                List<RolloutProgress> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RolloutProgress(rs.getString(1), rs.getInt(2), rs.getInt(3),
                            RolloutProgress.Phase.valueOf(rs.getString(4).toUpperCase()), rs.getString(5),
                            SpecCodec.deployment(rs.getString(6))));
                }
                return out;
            }
        });
    }

    public void putAdHoc(AdHocEntry e) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO adhoc_restarts (name, sandbox_id, policy,"
                    + " max_retries, restarts, observed, spec, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET sandbox_id = excluded.sandbox_id,"
                    + " policy = excluded.policy, max_retries = excluded.max_retries, restarts = excluded.restarts,"
                    + " observed = excluded.observed, spec = excluded.spec, updated_at = excluded.updated_at")) {
                p.setString(1, e.name());
                p.setString(2, e.sandboxId());
                p.setString(3, e.mode().name());
                p.setInt(4, e.maxRetries());
                p.setInt(5, e.restarts());
                p.setString(6, e.observed().label());
                p.setString(7, Json.MAPPER.writeValueAsString(e.spec()));
                p.setString(8, clock.instant().toString());
                return p.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
                throw new UncheckedIOException(x);
            }
        });
    }

    public List<AdHocEntry> adHoc() {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT name, sandbox_id, policy, max_retries, restarts,"
                    + " observed, spec FROM adhoc_restarts ORDER BY name")) {
                ResultSet rs = p.executeQuery();
                List<AdHocEntry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new AdHocEntry(rs.getString(1), rs.getString(2),
                            RestartPolicy.Mode.valueOf(rs.getString(3)), rs.getInt(4), rs.getInt(5),
                            WorkloadState.ofLabel(rs.getString(6)), spec(rs.getString(7))));
                }
                return out;
            }
        });
    }

    public void deleteAdHoc(String name) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM adhoc_restarts WHERE name = ?")) {
                p.setString(1, name);
                return p.executeUpdate();
            }
        });
    }

    private static SandboxSpec spec(String json) throws SQLException {
        try {
            return Json.MAPPER.readValue(json, SandboxSpec.class);
        } catch (IOException e) {
            throw new SQLException("adhoc_restarts: spec is not a sandbox spec: " + e.getMessage(), e);
        }
    }
}
