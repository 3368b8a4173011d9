package io.edgefusion.guardian.check;

import io.edgefusion.guardian.Collected;
import io.edgefusion.guardian.HandClock;
import io.edgefusion.guardian.breaker.BreakerStore;
import io.edgefusion.guardian.breaker.Breakers;
import io.edgefusion.guardian.breaker.Isolation;
import io.edgefusion.guardian.breaker.Rollbacks;
import io.edgefusion.guardian.breaker.TripRunner;
import io.edgefusion.guardian.breaker.TripStore;
import io.edgefusion.guardian.store.JdbcSql;
import io.edgefusion.sandbox.Sandboxes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scheduler on a hand-driven timer, with breakers whose trips only record that they ran. */
final class Guarded implements AutoCloseable {
    final HandClock clock = new HandClock();
    final Collected evidence = new Collected();
    final List<String> trips = new CopyOnWriteArrayList<>();
    final List<Runnable> timers = new ArrayList<>();
    final JdbcSql sql;
    final Breakers breakers;
    final CheckScheduler scheduler;

    Guarded(Sandboxes sandboxes, Path db) {
        sql = JdbcSql.open(db);
        TripStore store = new TripStore(sql);
        Isolation iso = new Isolation() {
            public Isolated isolate(String id) {
                trips.add(id);
                return new Isolated(id, false, "test", List.of(), List.of());
            }

            public void discard(String id) {
            }
        };
        Rollbacks rb = (t, w, r) -> new Rollbacks.NothingToRollBackTo("test");
        TripRunner runner = new TripRunner(store, iso, rb, (t, s, c) -> {
            throw new IllegalStateException("no snapshots in this test");
        }, evidence, clock);
        breakers = new Breakers(new BreakerStore(sql), store, runner, evidence, clock, Runnable::run);
        CheckScheduler.Timer timer = (Duration d, Runnable task) -> {
            synchronized (timers) {
                timers.add(task);
            }
            return () -> {
                synchronized (timers) {
                    timers.remove(task);
                }
            };
        };
        scheduler = new CheckScheduler(timer, sandboxes, breakers, evidence);
    }

    /** Fires every timer that is armed now (one round for each watched workload). */
    void fire() {
        List<Runnable> due;
        synchronized (timers) {
            due = List.copyOf(timers);
            timers.clear();
        }
        due.forEach(Runnable::run);
    }

    @Override
    public void close() {
        scheduler.close();
        sql.close();
    }
}
