package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.RestartPolicy;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code run -d --restart POLICY}: a sandbox the node restarts by its policy (docker's backoff, 100 ms doubling
 * to 10 s, reset after {@link RestartPolicy#STABLE}), under the same name, from the spec kept in its row. Its
 * states follow the same {@link TransitionTable}; events have subject {@code adhoc/<name>}.
 */
public final class AdHocSupervisor {
    private static final System.Logger LOG = System.getLogger(AdHocSupervisor.class.getName());
    private static final RestartPolicy DEFAULTS = RestartPolicy.no();

    private final InstanceStore store;
    private final Sandboxes sandboxes;
    private final WorkloadDriver driver;
    private final Scheduler scheduler;
    private final StateChanges changes;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    private static final class Tracked {
        AdHocEntry row;
        final Backoff backoff = Backoff.of(DEFAULTS);
        Instant runningSince;
        int generation;
        boolean cancelled;
        AutoCloseable watch;

        Tracked(AdHocEntry row) {
            this.row = row;
        }
    }

    public AdHocSupervisor(InstanceStore store, Sandboxes sandboxes, WorkloadDriver driver, Scheduler scheduler,
                           StateChanges changes) {
        this.store = store;
        this.sandboxes = sandboxes;
        this.driver = driver;
        this.scheduler = scheduler;
        this.changes = changes;
    }

    /** Supervises the running sandbox {@code idOrName} from now on; {@code maxRetries} 0 = unlimited. */
    public AdHocEntry register(String idOrName, RestartPolicy.Mode mode, int maxRetries) {
        SandboxState s = sandboxes.inspect(idOrName);
        if (s.name() == null || s.spec() == null) {
            throw new IllegalArgumentException("sandbox " + idOrName + " has no record to restart it from");
        }
        if (s.spec().autoRemove()) {
            throw new IllegalArgumentException("--restart and --rm: a sandbox removed when it exits cannot be"
                    + " restarted (drop one)");
        }
        AdHocEntry row = new AdHocEntry(s.name(), s.id(), mode, maxRetries, 0, WorkloadState.RUNNING, s.spec());
        store.putAdHoc(row);
        changes.enter(row.subject(), WorkloadState.RUNNING, Map.of("sandbox", s.id(), "policy", mode.spelling()));
        track(row);
        return row;
    }

    /** No longer restarted (the sandbox was removed, or rm'd by its user). */
    public void unregister(String name) {
        Tracked t = tracked.remove(name);
        if (t != null) {
            synchronized (t) {
                t.cancelled = true;
                close(t);
            }
        }
        store.deleteAdHoc(name);
    }

    /** At node start: adopt the live, restart by policy the ended or vanished. */
    void adopt() {
        for (AdHocEntry e : store.adHoc()) {
            WorkloadDriver.Status s = driver.status(e.name());
            if (s instanceof WorkloadDriver.Status.Running) {
                AdHocEntry r = e.with(driver.idOf(e.name()).orElse(e.sandboxId()), e.observed(), e.restarts());
                for (WorkloadState next : switch (e.observed()) {
                    case STARTING -> java.util.List.of(WorkloadState.RUNNING);
                    case BACKOFF, STOPPED -> java.util.List.of(WorkloadState.STARTING, WorkloadState.RUNNING);
                    case EXITED -> java.util.List.of(WorkloadState.BACKOFF, WorkloadState.STARTING,
                            WorkloadState.RUNNING);
                    default -> java.util.List.<WorkloadState>of();
                }) {
                    changes.move(r.subject(), r.observed(), next, Map.of("reason", "adopted"));
                    r = r.with(r.sandboxId(), next, r.restarts());
                }
                store.putAdHoc(r);
                track(r);
            } else {
                Tracked t = tracked.computeIfAbsent(e.name(), k -> new Tracked(e));
                synchronized (t) {
                    OptionalInt code = s instanceof WorkloadDriver.Status.Exited x ? x.code() : OptionalInt.empty();
                    if (e.observed().live()) {
                        ended(t, code);
                    } else if (e.observed() == WorkloadState.EXITED) {
                        afterEnd(t, code);
                    } else {
                        restart(t, t.generation);
                    }
                }
            }
        }
    }

    private void track(AdHocEntry row) {
        Tracked t = tracked.computeIfAbsent(row.name(), k -> new Tracked(row));
        synchronized (t) {
            t.row = row;
            t.runningSince = changes.clock().instant();
            int g = ++t.generation;
            t.watch = driver.onExit(row.sandboxId(), () -> exited(t, g));
        }
    }

    private void exited(Tracked t, int g) {
        synchronized (t) {
            if (t.cancelled || g != t.generation) {
                return;
            }
            close(t);
            WorkloadDriver.Status s = driver.status(t.row.name());
            ended(t, s instanceof WorkloadDriver.Status.Exited x ? x.code() : OptionalInt.empty());
        }
    }

    private void ended(Tracked t, OptionalInt code) {
        changes.move(t.row.subject(), t.row.observed(), WorkloadState.EXITED, Map.of("exitCode",
                code.isPresent() ? Integer.toString(code.getAsInt()) : "unknown"));
        t.row = t.row.with(t.row.sandboxId(), WorkloadState.EXITED, t.row.restarts());
        store.putAdHoc(t.row);
        afterEnd(t, code);
    }

    private void afterEnd(Tracked t, OptionalInt code) {
        RestartDecision d = RestartDecision.of(t.row.mode(), code, t.row.restarts(),
                t.row.maxRetries() > 0 ? OptionalInt.of(t.row.maxRetries()) : OptionalInt.empty());
        if (!d.restart()) {
            LOG.log(System.Logger.Level.INFO, t.row.subject() + " stays exited: " + d.reason());
            return;
        }
        Duration delay = t.backoff.afterExit(t.runningSince, changes.clock().instant());
        changes.move(t.row.subject(), WorkloadState.EXITED, WorkloadState.BACKOFF, Map.of("delay", delay.toString()));
        t.row = t.row.with(t.row.sandboxId(), WorkloadState.BACKOFF, t.row.restarts());
        store.putAdHoc(t.row);
        int g = ++t.generation;
        scheduler.schedule(delay, () -> restart(t, g));
    }

    private void restart(Tracked t, int g) {
        synchronized (t) {
            if (t.cancelled || g != t.generation) {
                return;
            }
            changes.move(t.row.subject(), t.row.observed(), WorkloadState.STARTING, Map.of());
            t.row = t.row.with(null, WorkloadState.STARTING, t.row.restarts() + 1);
            store.putAdHoc(t.row);
            try {
                driver.stop(t.row.name(), Duration.ZERO);
                Sandboxes.RunResult r = sandboxes.run(t.row.spec().withName(t.row.name()), true,
                        OutputStream.nullOutputStream());
                changes.move(t.row.subject(), WorkloadState.STARTING, WorkloadState.RUNNING, Map.of("sandbox",
                        r.id()));
                t.row = t.row.with(r.id(), WorkloadState.RUNNING, t.row.restarts());
                store.putAdHoc(t.row);
                t.runningSince = changes.clock().instant();
                int armed = ++t.generation;
                t.watch = driver.onExit(r.id(), () -> exited(t, armed));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, t.row.subject() + ": restart failed: " + e.getMessage());
                t.runningSince = null;
                ended(t, OptionalInt.empty());
            }
        }
    }

    private static void close(Tracked t) {
        t.generation++;
        if (t.watch != null) {
            try {
                t.watch.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "exit watch of " + t.row.subject() + ": " + e.getMessage());
            }
            t.watch = null;
        }
    }
}
