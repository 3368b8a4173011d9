package io.edgefusion.guardian.breaker;

import io.edgefusion.guardian.Collected;
import io.edgefusion.guardian.HandClock;
import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.check.CheckOutcome;
import io.edgefusion.guardian.store.JdbcSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A trip persisted step by step, and a node "dying" between and inside steps: each level happens once. */
class TripResumeTest {
    @TempDir
    Path dir;

    private final HandClock clock = new HandClock();
    private final WorkloadRef web = new WorkloadRef("shop/web", "2", "sandbox-2");

    /** A node dying: nothing catches it, as nothing survives a SIGKILL. */
    static final class Crash extends Error {
        Crash(String where) {
            super("simulated crash " + where);
        }
    }

    /** The node's side of the contract: one rollback per trip id, a repeated request answered from the record. */
    static final class FakeRollbacks implements Rollbacks {
        final List<String> calls = new ArrayList<>();
        final Map<String, Outcome> done = new ConcurrentHashMap<>();
        volatile boolean crashAfterEffect;

        @Override
        public Outcome rollback(String tripId, WorkloadRef faulty, String reason) {
            calls.add(tripId);
            Outcome prior = done.get(tripId);
            if (prior != null) {
                return prior;
            }
            Outcome o = new RolledBack("1", "sandbox-1");
            done.put(tripId, o);
            if (crashAfterEffect) {
                crashAfterEffect = false;
                throw new Crash("inside the rollback, after it took effect");
            }
            return o;
        }
    }

    static final class FakeIsolation implements Isolation {
        final List<String> isolated = new ArrayList<>();
        final List<String> discarded = new ArrayList<>();

        @Override
        public Isolated isolate(String sandboxId) {
            isolated.add(sandboxId);
            return new Isolated(sandboxId, true, "none: every interface down", List.of("lo"), List.of());
        }

        @Override
        public void discard(String sandboxId) {
            discarded.add(sandboxId);
        }
    }

    static final class FakeSnapshots implements Snapshots {
        final List<String> taken = new ArrayList<>();

        @Override
        public Snapshot take(String tripId, String sandboxId, String failingCheck) {
            taken.add(tripId);
            return new Snapshot(Path.of("/snap", tripId), "sha256:00", 1024, 1, 3);
        }
    }

    @Test
    void aCrashBetweenStepsResumesAtTheNextStepAndTakesEachOnce() {
        Path db = dir.resolve("state.db");
        FakeIsolation iso = new FakeIsolation();
        FakeRollbacks rb = new FakeRollbacks();
        FakeSnapshots snap = new FakeSnapshots();
        Collected ev = new Collected();
        String tripId;
        try (JdbcSql sql = JdbcSql.open(db)) {
            TripStore store = new TripStore(sql);
            TripRunner runner = new TripRunner(store, iso, rb, snap, ev, clock);
            tripId = store.create("t1", web, clock.instant(), new CheckOutcome.Failed("network.listen",
                    "network.listen", "listens on 0.0.0.0:7777").toJson().toString()).id();
            runner.beforeStep(s -> {
                if (s == TripStep.ROLLBACK) {
                    throw new Crash("before the rollback");
                }
            });
            assertThatThrownBy(() -> runner.run(tripId)).isInstanceOf(Crash.class);
            Trip half = store.get(tripId).orElseThrow();
            assertThat(half.step(TripStep.ISOLATE).status()).isEqualTo(Trip.Status.DONE);
            assertThat(half.step(TripStep.ROLLBACK).status()).isEqualTo(Trip.Status.PENDING);
            assertThat(half.finishedAt()).isEmpty();
        }
        // A new node on the same database.
        try (JdbcSql sql = JdbcSql.open(db)) {
            TripStore store = new TripStore(sql);
            TripRunner runner = new TripRunner(store, iso, rb, snap, ev, clock);
            List<Trip> resumed = runner.resume();
            assertThat(resumed).hasSize(1);
            Trip t = resumed.getFirst();
            assertThat(t.steps()).allMatch(s -> s.status() == Trip.Status.DONE && s.attempts() == 1);
            assertThat(t.finishedAt()).isPresent();
            assertThat(t.step(TripStep.ROLLBACK).result()).contains("rolled-back").contains("sandbox-1");
            assertThat(runner.resume()).isEmpty();
        }
        assertThat(iso.isolated).containsExactly("sandbox-2");
        assertThat(rb.calls).containsExactly(tripId);
        assertThat(snap.taken).containsExactly(tripId);
        assertThat(iso.discarded).containsExactly("sandbox-2");
        assertThat(ev.kinds()).containsSubsequence("trip.isolate.started", "trip.isolate.done",
                "trip.rollback.started", "trip.rollback.done", "trip.snapshot.started", "trip.snapshot.done",
                "trip.remove.started", "trip.remove.done", "trip.finished");
    }

    @Test
    void aCrashInsideTheRollbackAsksAgainWithTheSameTripIdAndRollsBackOnce() {
        Path db = dir.resolve("state.db");
        FakeIsolation iso = new FakeIsolation();
        FakeRollbacks rb = new FakeRollbacks();
        FakeSnapshots snap = new FakeSnapshots();
        rb.crashAfterEffect = true;
        try (JdbcSql sql = JdbcSql.open(db)) {
            TripStore store = new TripStore(sql);
            store.create("t2", web, clock.instant(), "{\"check\":\"oom\",\"reason\":\"oom\"}");
            TripRunner runner = new TripRunner(store, iso, rb, snap, new Collected(), clock);
            assertThatThrownBy(() -> runner.run("t2")).isInstanceOf(Crash.class);
            assertThat(store.get("t2").orElseThrow().step(TripStep.ROLLBACK).status())
                    .isEqualTo(Trip.Status.STARTED);
        }
        try (JdbcSql sql = JdbcSql.open(db)) {
            TripRunner runner = new TripRunner(new TripStore(sql), iso, rb, snap, new Collected(), clock);
            Trip t = runner.resume().getFirst();
            assertThat(t.step(TripStep.ROLLBACK).status()).isEqualTo(Trip.Status.DONE);
            assertThat(t.step(TripStep.ROLLBACK).attempts()).isEqualTo(2);
        }
        assertThat(rb.calls).containsExactly("t2", "t2");
        assertThat(rb.done).hasSize(1);
        assertThat(iso.isolated).hasSize(1);
        assertThat(snap.taken).hasSize(1);
    }

    @Test
    void noSnapshotNoRemoval() {
        try (JdbcSql sql = JdbcSql.open(dir.resolve("state.db"))) {
            TripStore store = new TripStore(sql);
            FakeIsolation iso = new FakeIsolation();
            store.create("t3", web, clock.instant(), "{}");
            Snapshots broken = (t, s, c) -> {
                throw new IllegalStateException("disk full");
            };
            Trip t = new TripRunner(store, iso, new FakeRollbacks(), broken, new Collected(), clock).run("t3");
            assertThat(t.step(TripStep.SNAPSHOT).status()).isEqualTo(Trip.Status.FAILED);
            assertThat(t.step(TripStep.SNAPSHOT).result()).isEqualTo("disk full");
            assertThat(t.step(TripStep.REMOVE).status()).isEqualTo(Trip.Status.SKIPPED);
            assertThat(iso.discarded).isEmpty();
        }
    }

    @Test
    void aCrashLoopOpensTheBreakerTheGateRefusesAndTheTripRuns() {
        try (JdbcSql sql = JdbcSql.open(dir.resolve("state.db"))) {
            TripStore trips = new TripStore(sql);
            FakeIsolation iso = new FakeIsolation();
            FakeRollbacks rb = new FakeRollbacks();
            Collected ev = new Collected();
            TripRunner runner = new TripRunner(trips, iso, rb, new FakeSnapshots(), ev, clock);
            Breakers breakers = new Breakers(new BreakerStore(sql), trips, runner, ev, clock, Runnable::run);
            breakers.register("shop/web", BreakerConfig.defaults());
            assertThat(breakers.beforeRestart(new WorkloadRef("shop/web", "2", "s-a"), "exit code 1").allowed()).isTrue();
            assertThat(breakers.beforeRestart(new WorkloadRef("shop/web", "2", "s-a"), "exit code 1").allowed())
                    .as("the same exit counted once").isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(breakers.beforeRestart(new WorkloadRef("shop/web", "2", "s-b"), "exit code 1").allowed()).isTrue();
            RestartGate.Verdict v = breakers.beforeRestart(new WorkloadRef("shop/web", "2", "s-c"), "exit code 1");
            assertThat(v).isInstanceOf(RestartGate.Refuse.class);
            assertThat(((RestartGate.Refuse) v).reason()).contains("breaker open").contains("half-opens at");
            assertThat(trips.of("shop/web")).hasSize(1);
            assertThat(trips.of("shop/web").getFirst().finishedAt()).isPresent();
            assertThat(iso.isolated).containsExactly("s-c");
            assertThat(rb.calls).hasSize(1);

            // Persisted: a new registry (node restart) finds it open, half-opens it after the cool-down, closes it.
            Breakers again = new Breakers(new BreakerStore(sql), trips, runner, ev, clock, Runnable::run);
            assertThat(again.register("shop/web", BreakerConfig.defaults()).state()).isEqualTo(BreakerState.OPEN);
            clock.advance(BreakerConfig.DEFAULT_COOLDOWN);
            assertThat(again.tick()).extracting(CircuitBreaker.Change::to).containsExactly(BreakerState.HALF_OPEN);
            assertThat(again.beforeRestart(new WorkloadRef("shop/web", "1", "s-d"), "probe restart").allowed())
                    .as("an exit on probation opens it again").isFalse();
            clock.advance(BreakerConfig.DEFAULT_COOLDOWN);
            again.tick();
            clock.advance(BreakerConfig.DEFAULT_PROBE);
            assertThat(again.tick()).extracting(CircuitBreaker.Change::to).containsExactly(BreakerState.CLOSED);
            assertThat(ev.kinds()).contains("breaker.transition", "trip.opened", "breaker.restart-refused");
        }
    }
}
