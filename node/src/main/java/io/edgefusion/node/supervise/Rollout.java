package io.edgefusion.node.supervise;

import io.edgefusion.node.health.HealthProbe;
import io.edgefusion.node.deploy.Deployment;
import io.edgefusion.node.deploy.RolloutResult;
import io.edgefusion.node.deploy.Rollouts.Outcome;
import io.edgefusion.node.deploy.Rollouts;
import io.edgefusion.node.deploy.WorkloadSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rolls a revision out, workload by workload in {@code after} order: start the new one, wait until it is
 * healthy, then stop the previous revision's one. A failure stops what the new revision started and brings the
 * previous revision's workloads back. Every step is written to the database before it is taken, and every step
 * checks what is there before acting, so {@link #resume} (a new node, after a crash anywhere) runs the same steps
 * again and they finish the rollout, or finish undoing it: never two sandboxes of one workload and revision
 * (sandbox names are unique), never a sandbox no row names.
 */
public final class Rollout implements Rollouts {
    private static final System.Logger LOG = System.getLogger(Rollout.class.getName());

    private final InstanceStore store;
    private final WorkloadDriver driver;
    private final Supervisor supervisor;
    private final HealthWait health;
    private final StateChanges changes;
    private final Duration stopGrace;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** A step that makes the rollout fail; its message is the reason reported. */
    static final class RolloutFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RolloutFailure(String reason) {
            super(reason);
        }
    }

    public Rollout(InstanceStore store, WorkloadDriver driver, Supervisor supervisor, HealthProbe probe,
                   Scheduler scheduler, StateChanges changes, Duration stopGrace) {
        this.store = store;
        this.driver = driver;
        this.supervisor = supervisor;
        this.health = new HealthWait(driver, probe, scheduler);
        this.changes = changes;
        this.stopGrace = stopGrace;
    }

    private Object lock(String deployment) {
        return locks.computeIfAbsent(deployment, k -> new Object());
    }

    @Override
    public Outcome apply(Deployment d, int revision) {
        RolloutResult r = rollOut(d, revision);
        return r.ok() ? new Outcome.RolledOut() : new Outcome.Failed(r.reason());
    }

    /** {@link #apply} with the result as a value (tests and the node's own resume read it). */
    public RolloutResult rollOut(Deployment d, int revision) {
        synchronized (lock(d.name())) {
            try {
                StartOrder.of(d);
            } catch (IllegalArgumentException e) {
                return new RolloutResult(false, e.getMessage());
            }
            Optional<RolloutProgress> last = store.rollout(d.name());
            if (last.isPresent() && last.get().phase().inProgress()) {
                return new RolloutResult(false, d.name() + ": revision " + last.get().revision() + " is still "
                        + last.get().phase().label());
            }
            int previous = store.ofDeployment(d.name()).stream()
                    .filter(i -> i.desired() == Instance.Desired.RUNNING && i.revision() != revision)
                    .mapToInt(Instance::revision).max().orElse(0);
            RolloutProgress p = new RolloutProgress(d.name(), revision, previous, RolloutProgress.Phase.ROLLING, "",
                    d);
            store.putRollout(p);
            NodeCheckpoints.reach("rollout-recorded", null);
            return run(p);
        }
    }

    /** Finishes every rollout, undo or removal a killed node left in progress. */
    public void resume() {
        for (RolloutProgress p : store.rollouts()) {
            synchronized (lock(p.deployment())) {
                switch (p.phase()) {
                    case ROLLING -> {
                        RolloutResult r = run(p);
                        LOG.log(System.Logger.Level.INFO, "resumed rollout of " + p.deployment() + " r"
                                + p.revision() + ": " + (r.ok() ? "done" : "failed: " + r.reason()));
                    }
                    case UNDOING -> undo(p);
                    case REMOVING -> removeAll(p);
                    case DONE, FAILED -> { }
                }
            }
        }
    }

    private RolloutResult run(RolloutProgress p) {
        try {
            for (WorkloadSpec w : StartOrder.of(p.document())) {
                step(p, w);
            }
            finish(p);
            return new RolloutResult(true, "");
        } catch (RolloutFailure | IllegalArgumentException | IllegalStateException
                 | java.io.UncheckedIOException e) {
            String reason = e.getMessage();
            RolloutProgress undoing = p.to(RolloutProgress.Phase.UNDOING, reason);
            store.putRollout(undoing);
            NodeCheckpoints.reach("undo-recorded", null);
            undo(undoing);
            return new RolloutResult(false, reason);
        }
    }

    /** One workload: its new instance started and healthy, then the previous revision's stopped. */
    private void step(RolloutProgress p, WorkloadSpec w) {
        Instance.Key key = new Instance.Key(p.deployment(), w.name(), p.revision());
        Instance row = store.get(key).orElse(null);
        if (row == null) {
            row = store.put(Instance.fresh(p.deployment(), w, p.revision(), changes.clock().instant()));
            changes.enter(row.subject(), WorkloadState.STARTING, Map.of("revision",
                    Integer.toString(p.revision())));
            NodeCheckpoints.reach("new-row", w.name());
        }
        boolean settled = row.observed() == WorkloadState.HEALTHY
                || row.observed() == WorkloadState.RUNNING && w.health().isEmpty();
        if (!settled) {
            supervisor.untrack(key);
            row = started(row);
            HealthWait.Verdict v = health.await(w.name(), row.sandboxId(), w.health());
            if (!v.healthy()) {
                store.put(move(row, v.ended() ? WorkloadState.EXITED : WorkloadState.UNHEALTHY));
                throw new RolloutFailure(v.reason());
            }
            if (w.health().isPresent()) {
                row = store.put(move(row, WorkloadState.HEALTHY));
            }
            NodeCheckpoints.reach("new-healthy", w.name());
        } else if (!(driver.status(row.sandboxName()) instanceof WorkloadDriver.Status.Running)) {
            throw new RolloutFailure(w.name() + ": ended after it was healthy (found on resume)");
        }
        if (supervisor.current(key).isEmpty()) {
            supervisor.track(row);
        }
        for (Instance old : store.ofDeployment(p.deployment())) {
            if (old.workload().equals(w.name()) && old.revision() != p.revision()) {
                stopOld(old);
            }
        }
    }

    /** The new instance's sandbox running and recorded: a live one found by name is adopted, not doubled. */
    private Instance started(Instance row) {
        WorkloadDriver.Status s = driver.status(row.sandboxName());
        if (row.observed() != WorkloadState.STARTING) {
            if (s instanceof WorkloadDriver.Status.Running) {
                return row.sandboxId() != null ? row
                        : store.put(row.withSandbox(driver.idOf(row.sandboxName()).orElseThrow()));
            }
            throw new RolloutFailure(row.workload() + ": ended before it was healthy (found on resume)");
        }
        if (s instanceof WorkloadDriver.Status.Running) {
            row = store.put(row.withSandbox(driver.idOf(row.sandboxName()).orElseThrow()));
        } else {
            if (!(s instanceof WorkloadDriver.Status.Gone)) {
                driver.stop(row.sandboxName(), Duration.ZERO); // half-made by a killed node: remove, start anew
            }
            WorkloadDriver.Started st;
            try {
                st = driver.start(row.sandboxName(), row.spec());
            } catch (RuntimeException e) {
                throw new RolloutFailure(row.workload() + ": " + e.getMessage());
            }
            NodeCheckpoints.reach("new-started", row.workload());
            row = store.put(row.withSandbox(st.id()));
            NodeCheckpoints.reach("new-id-recorded", row.workload());
        }
        return store.put(move(row, WorkloadState.RUNNING));
    }

    /** An older revision's instance: meant stopped (written first), then its sandbox stopped and removed. */
    private void stopOld(Instance old) {
        supervisor.untrack(old.key());
        if (old.desired() != Instance.Desired.STOPPED) {
            old = store.put(old.withDesired(Instance.Desired.STOPPED));
            NodeCheckpoints.reach("old-stop-recorded", old.workload());
        }
        driver.stop(old.sandboxName(), stopGrace);
        NodeCheckpoints.reach("old-stopped", old.workload());
        if (old.observed() != WorkloadState.STOPPED) {
            store.put(move(old, WorkloadState.STOPPED));
        }
    }

    /** Every workload of the new revision runs: whatever older revisions still have goes, then DONE. */
    private void finish(RolloutProgress p) {
        for (Instance old : store.ofDeployment(p.deployment())) {
            if (old.revision() != p.revision()) {
                stopOld(old);
                store.delete(old.key());
            }
        }
        NodeCheckpoints.reach("old-rows-deleted", null);
        store.putRollout(p.to(RolloutProgress.Phase.DONE, ""));
        NodeCheckpoints.reach("done", null);
    }

    /** The new revision's instances stopped and removed, the previous revision's stopped ones started again. */
    private void undo(RolloutProgress p) {
        List<Instance> rows = store.ofDeployment(p.deployment());
        List<Instance> fresh = new ArrayList<>(rows.stream().filter(i -> i.revision() == p.revision()).toList());
        java.util.Collections.reverse(fresh);
        for (Instance i : fresh) {
            supervisor.untrack(i.key());
            Instance stopping = store.put(i.withDesired(Instance.Desired.STOPPED));
            driver.stop(stopping.sandboxName(), stopGrace);
            NodeCheckpoints.reach("undo-new-stopped", i.workload());
            if (stopping.observed() != WorkloadState.STOPPED) {
                changes.move(stopping.subject(), stopping.observed(), WorkloadState.STOPPED, Map.of("revision",
                        Integer.toString(stopping.revision())));
            }
            store.delete(i.key());
        }
        for (Instance old : rows) {
            if (old.revision() != p.revision() && old.desired() == Instance.Desired.STOPPED) {
                restore(old);
            }
        }
        store.putRollout(p.to(RolloutProgress.Phase.FAILED, p.reason()));
    }

    private void restore(Instance old) {
        Instance r = store.put(old.withDesired(Instance.Desired.RUNNING));
        if (driver.status(r.sandboxName()) instanceof WorkloadDriver.Status.Running) {
            supervisor.adopt(r); // its stop never happened
            return;
        }
        if (r.observed() != WorkloadState.STARTING) {
            if (r.observed() != WorkloadState.STOPPED) {
                r = store.put(move(r, WorkloadState.STOPPED));
            }
            r = store.put(move(r, WorkloadState.STARTING).withSandbox(null));
        }
        driver.stop(r.sandboxName(), Duration.ZERO);
        try {
            WorkloadDriver.Started s = driver.start(r.sandboxName(), r.spec());
            r = store.put(r.withSandbox(s.id()));
            NodeCheckpoints.reach("undo-old-restarted", r.workload());
            supervisor.track(store.put(move(r, WorkloadState.RUNNING)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, r.subject() + ": could not start r" + r.revision() + " again: "
                    + e.getMessage() + "; the supervisor retries by its policy");
            supervisor.adopt(r);
        }
    }

    @Override
    public void remove(String name) {
        synchronized (lock(name)) {
            RolloutProgress p = store.rollout(name).orElse(new RolloutProgress(name, 0, 0,
                    RolloutProgress.Phase.REMOVING, "", new Deployment(name, List.of())));
            p = p.to(RolloutProgress.Phase.REMOVING, "undeploy");
            store.putRollout(p);
            removeAll(p);
        }
    }

    private void removeAll(RolloutProgress p) {
        for (Instance i : store.ofDeployment(p.deployment())) {
            supervisor.untrack(i.key());
            Instance stopping = i.desired() == Instance.Desired.STOPPED ? i
                    : store.put(i.withDesired(Instance.Desired.STOPPED));
            driver.stop(stopping.sandboxName(), stopGrace);
            if (stopping.observed() != WorkloadState.STOPPED) {
                changes.move(stopping.subject(), stopping.observed(), WorkloadState.STOPPED, Map.of("revision",
                        Integer.toString(stopping.revision())));
            }
            store.delete(i.key());
        }
        store.deleteRollout(p.deployment());
        supervisor.guard().removed(p.deployment());
    }

    private Instance move(Instance row, WorkloadState to) {
        Map<String, String> attrs = new java.util.LinkedHashMap<>();
        attrs.put("revision", Integer.toString(row.revision()));
        if (row.sandboxId() != null) {
            attrs.put("sandbox", row.sandboxId());
        }
        changes.move(row.subject(), row.observed(), to, attrs);
        return row.withObserved(to);
    }
}
