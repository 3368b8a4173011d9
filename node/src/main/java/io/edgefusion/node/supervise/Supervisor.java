package io.edgefusion.node.supervise;

import io.edgefusion.node.health.HealthProbe;
import io.edgefusion.node.deploy.HealthCheck;
import io.edgefusion.node.deploy.RestartPolicy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps running what should run: watches each tracked instance's sandbox (kernel exit notification through the
 * driver), restarts an ended one by its policy after its backoff, probes its health at its interval and marks
 * it unhealthy (restarting it when the policy is on-failure or always). Every state change goes through
 * {@link TransitionTable}, is written to the instance's row first and then acted on.
 *
 * <p>A rollout hands instances over with {@link #track} once they are healthy and takes them back with
 * {@link #untrack} before stopping them, so the two never act on one instance at once.
 */
public final class Supervisor {
    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());
    /** Nominal code of a workload the supervisor killed because it was unhealthy: SIGKILL's. */
    static final int KILLED_UNHEALTHY = 137;

    private final InstanceStore store;
    private final WorkloadDriver driver;
    private final HealthProbe probe;
    private final Scheduler scheduler;
    private final StateChanges changes;
    private final Duration stopGrace;
    private final WorkloadGuard guard;
    private final Map<Instance.Key, Tracked> tracked = new ConcurrentHashMap<>();

    /** One supervised instance; every field is guarded by the object's own lock. */
    static final class Tracked {
        Instance row;
        final Backoff backoff;
        java.time.Instant runningSince;
        int failures;
        int generation;
        boolean cancelled;
        AutoCloseable exitWatch;
        Scheduler.Cancellable probeTimer;
        Scheduler.Cancellable restartTimer;

        Tracked(Instance row) {
            this.row = row;
            this.backoff = Backoff.of(row.spec().restart());
        }
    }

    public Supervisor(InstanceStore store, WorkloadDriver driver, HealthProbe probe, Scheduler scheduler,
                      StateChanges changes, Duration stopGrace) {
        this(store, driver, probe, scheduler, changes, stopGrace, WorkloadGuard.NONE);
    }

    public Supervisor(InstanceStore store, WorkloadDriver driver, HealthProbe probe, Scheduler scheduler,
                      StateChanges changes, Duration stopGrace, WorkloadGuard guard) {
        this.guard = guard;
        this.store = store;
        this.driver = driver;
        this.probe = probe;
        this.scheduler = scheduler;
        this.changes = changes;
        this.stopGrace = stopGrace;
    }

    /** Starts supervising {@code row}: desired running, its sandbox started and recorded. */
    public void track(Instance row) {
        Tracked t = tracked.computeIfAbsent(row.key(), k -> new Tracked(row));
        synchronized (t) {
            t.row = row;
            t.cancelled = false;
            t.runningSince = changes.clock().instant();
            arm(t);
            guard.watch(t.row);
        }
    }

    /** Stops supervising: no restart, probe or exit handling runs for it after this returns. */
    public void untrack(Instance.Key key) {
        Tracked t = release(key);
        if (t != null) {
            guard.unwatch(t.row);
        }
    }

    /**
     * Lets go of {@code key} for the guardian, whose trip owns the instance now: no restart, probe or exit
     * handling, and (unlike {@link #untrack}) no word back to the guardian.
     */
    public Tracked release(Instance.Key key) {
        Tracked t = tracked.remove(key);
        if (t != null) {
            synchronized (t) {
                t.cancelled = true;
                disarm(t);
            }
        }
        return t;
    }

    public WorkloadGuard guard() {
        return guard;
    }

    /**
     * After {@code breaker reset}: every instance of {@code deployment}/{@code workload} meant to run that the
     * supervisor does not track (its restart was refused while the breaker was open) is taken up again, as live
     * restore would: a live sandbox adopted, an ended one restarted by its policy.
     */
    public void revive(String deployment, String workload) {
        for (Instance i : store.ofDeployment(deployment)) {
            if (i.workload().equals(workload) && i.desired() == Instance.Desired.RUNNING
                    && !tracked.containsKey(i.key()) && !guard.holds(String.valueOf(i.sandboxId()))) {
                adopt(i);
            }
        }
    }

    /** The instance as the supervisor last wrote it, if it supervises it. */
    public java.util.Optional<Instance> current(Instance.Key key) {
        Tracked t = tracked.get(key);
        if (t == null) {
            return java.util.Optional.empty();
        }
        synchronized (t) {
            return java.util.Optional.of(t.row);
        }
    }

    public Set<Instance.Key> trackedKeys() {
        return Set.copyOf(tracked.keySet());
    }

    /**
     * Live restore of one row a node found at start: a live sandbox is adopted (never restarted), an ended one
     * is reaped and restarted by policy, a missing one is restarted by policy; a row meant stopped has whatever
     * is left of its sandbox removed.
     */
    public void adopt(Instance row) {
        if (row.desired() == Instance.Desired.STOPPED) {
            driver.stop(row.sandboxName(), stopGrace);
            if (row.observed() != WorkloadState.STOPPED) {
                store.put(move(row, WorkloadState.STOPPED, Map.of("reason", "adopted: meant stopped")));
            }
            return;
        }
        WorkloadDriver.Status s = driver.status(row.sandboxName());
        if (s instanceof WorkloadDriver.Status.Running) {
            Instance r = row.withSandbox(driver.idOf(row.sandboxName()).orElse(row.sandboxId()));
            for (WorkloadState next : pathToRunning(r.observed())) {
                r = move(r, next, Map.of("reason", "adopted"));
            }
            track(store.put(r));
            return;
        }
        OptionalInt code = s instanceof WorkloadDriver.Status.Exited e ? e.code() : OptionalInt.empty();
        Tracked t = tracked.computeIfAbsent(row.key(), k -> new Tracked(row));
        synchronized (t) {
            t.row = row;
            switch (row.observed()) {
                case STARTING, RUNNING, HEALTHY, UNHEALTHY -> ended(t, code);
                case EXITED -> afterEnd(t, code);
                case BACKOFF -> scheduleRestart(t, t.backoff.peek());
                case STOPPED -> restart(t, t.generation);
            }
        }
    }

    /** The transitions that bring a row's recorded state to one with a live sandbox. */
    private static java.util.List<WorkloadState> pathToRunning(WorkloadState from) {
        return switch (from) {
            case STARTING -> java.util.List.of(WorkloadState.RUNNING);
            case RUNNING, HEALTHY, UNHEALTHY -> java.util.List.of();
            case EXITED -> java.util.List.of(WorkloadState.BACKOFF, WorkloadState.STARTING, WorkloadState.RUNNING);
            case BACKOFF, STOPPED -> java.util.List.of(WorkloadState.STARTING, WorkloadState.RUNNING);
        };
    }

    private void arm(Tracked t) {
        int g = ++t.generation;
        t.exitWatch = driver.onExit(t.row.sandboxId(), () -> exited(t, g));
        t.row.spec().health().ifPresent(h -> t.probeTimer = scheduler.schedule(h.interval(), () -> probeTick(t, g)));
    }

    private void disarm(Tracked t) {
        t.generation++;
        if (t.exitWatch != null) {
            try {
                t.exitWatch.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "exit watch of " + t.row.key() + ": " + e.getMessage());
            }
            t.exitWatch = null;
        }
        if (t.probeTimer != null) {
            t.probeTimer.cancel();
            t.probeTimer = null;
        }
        if (t.restartTimer != null) {
            t.restartTimer.cancel();
            t.restartTimer = null;
        }
    }

    private void exited(Tracked t, int g) {
        synchronized (t) {
            if (t.cancelled || g != t.generation) {
                return;
            }
            WorkloadDriver.Status s = driver.status(t.row.sandboxName());
            if (s instanceof WorkloadDriver.Status.Running) {
                disarm(t);
                arm(t); // a notice that was not the end (a re-read race): watch again
                return;
            }
            disarm(t);
            ended(t, s instanceof WorkloadDriver.Status.Exited e ? e.code() : OptionalInt.empty());
        }
    }

    /** A live instance ended with {@code code}: EXITED, then whatever its policy says. */
    private void ended(Tracked t, OptionalInt code) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("exitCode", code.isPresent() ? Integer.toString(code.getAsInt()) : "unknown");
        t.row = store.put(move(t.row, WorkloadState.EXITED, attrs));
        afterEnd(t, code);
    }

    private void afterEnd(Tracked t, OptionalInt code) {
        String how = code.isPresent() ? "exit code " + code.getAsInt() : "exit code unknown";
        if (!guard.exited(t.row, "its sandbox ended (" + how + ")")) {
            LOG.log(System.Logger.Level.INFO, t.row.subject() + " stays exited: its breaker is open");
            release(t.row.key());
            return;
        }
        RestartPolicy policy = t.row.spec().restart();
        RestartDecision d = RestartDecision.of(policy.mode(), code, t.row.restarts(), OptionalInt.empty());
        if (!d.restart()) {
            LOG.log(System.Logger.Level.INFO, t.row.subject() + " stays exited: " + d.reason());
            return;
        }
        Duration delay = t.backoff.afterExit(t.runningSince, changes.clock().instant());
        t.row = store.put(move(t.row, WorkloadState.BACKOFF, Map.of("delay", delay.toString(), "reason",
                d.reason())));
        scheduleRestart(t, delay);
    }

    private void scheduleRestart(Tracked t, Duration delay) {
        int g = ++t.generation;
        t.restartTimer = scheduler.schedule(delay, () -> restart(t, g));
    }

    /** BACKOFF (or STOPPED) -> STARTING -> RUNNING: the ended sandbox removed, a new one of the same name. */
    private void restart(Tracked t, int g) {
        synchronized (t) {
            if (t.cancelled || g != t.generation) {
                return;
            }
            t.restartTimer = null;
            t.row = store.put(move(t.row, WorkloadState.STARTING, Map.of("restarts",
                    Integer.toString(t.row.restarts() + 1))).withSandbox(null));
            try {
                driver.stop(t.row.sandboxName(), Duration.ZERO); // reap: its exit was read already
                WorkloadDriver.Started s = driver.start(t.row.sandboxName(), t.row.spec());
                t.row = store.put(t.row.withSandbox(s.id()).withRestarts(t.row.restarts() + 1));
                t.row = store.put(move(t.row, WorkloadState.RUNNING, Map.of()));
                t.runningSince = changes.clock().instant();
                t.failures = 0;
                arm(t);
                guard.watch(t.row);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, t.row.subject() + ": restart failed: " + e.getMessage());
                t.row = store.put(t.row.withRestarts(t.row.restarts() + 1));
                t.runningSince = null;
                ended(t, OptionalInt.empty());
            }
        }
    }

    private void probeTick(Tracked t, int g) {
        String id;
        HealthCheck check;
        synchronized (t) {
            if (t.cancelled || g != t.generation) {
                return;
            }
            id = t.row.sandboxId();
            check = t.row.spec().health().orElseThrow();
        }
        boolean ok = probe.probe(id, check); // outside the lock: it may take up to its timeout
        Instance probed;
        synchronized (t) {
            if (t.cancelled || g != t.generation) {
                return;
            }
            probed = t.row;
        }
        // Outside the lock too: an opening breaker starts a trip, which releases this instance.
        if (!guard.probed(probed, ok ? java.util.Optional.empty() : java.util.Optional.of("health check "
                + check.describe() + " failed"))) {
            release(probed.key());
            return;
        }
        synchronized (t) {
            if (t.cancelled || g != t.generation) {
                return;
            }
            WorkloadState st = t.row.observed();
            if (ok) {
                t.failures = 0;
                if (st == WorkloadState.RUNNING || st == WorkloadState.UNHEALTHY) {
                    t.row = store.put(move(t.row, WorkloadState.HEALTHY, Map.of()));
                }
            } else if (++t.failures >= check.retries()
                    && (st == WorkloadState.RUNNING || st == WorkloadState.HEALTHY)) {
                t.row = store.put(move(t.row, WorkloadState.UNHEALTHY, Map.of("failures",
                        Integer.toString(t.failures))));
                if (t.row.spec().restart().mode() != RestartPolicy.Mode.NO) {
                    disarm(t);
                    driver.stop(t.row.sandboxName(), stopGrace);
                    ended(t, OptionalInt.of(KILLED_UNHEALTHY));
                    return;
                }
            }
            t.probeTimer = scheduler.schedule(check.interval(), () -> probeTick(t, g));
        }
    }

    private Instance move(Instance row, WorkloadState to, Map<String, String> extra) {
        Map<String, String> attrs = new LinkedHashMap<>(extra);
        attrs.put("revision", Integer.toString(row.revision()));
        if (row.sandboxId() != null) {
            attrs.put("sandbox", row.sandboxId());
        }
        changes.move(row.subject(), row.observed(), to, attrs);
        return row.withObserved(to);
    }

    /** Stops supervising everything (the node shuts down; the sandboxes keep running under their reapers). */
    public void close() {
        for (Instance.Key k : Set.copyOf(tracked.keySet())) {
            untrack(k);
        }
    }
}
