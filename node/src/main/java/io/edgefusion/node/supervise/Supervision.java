package io.edgefusion.node.supervise;

import io.edgefusion.node.health.HealthProbe;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.events.EventSink;
import io.edgefusion.node.store.NodeDatabase;
import io.edgefusion.sandbox.Sandboxes;

import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * The supervisor's parts for one state root, wired: what the node builds at start ({@link #open}, then
 * {@link #restore}) and closes at shutdown (the sandboxes keep running under their reapers).
 */
public final class Supervision implements AutoCloseable {
    /** Docker's default stop grace. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final ExitWatcher watcher;
    private final SandboxDriver driver;
    private final InstanceStore store;
    private final Supervisor supervisor;
    private final Rollout rollout;
    private final AdHocSupervisor adHoc;
    private final AutoCloseable ownScheduler;

    private Supervision(ExitWatcher watcher, SandboxDriver driver, InstanceStore store, Supervisor supervisor,
                        Rollout rollout, AdHocSupervisor adHoc, AutoCloseable ownScheduler) {
        this.watcher = watcher;
        this.driver = driver;
        this.store = store;
        this.supervisor = supervisor;
        this.rollout = rollout;
        this.adHoc = adHoc;
        this.ownScheduler = ownScheduler;
    }

    /** The node's wiring: real clock and timers, the exec probe unless {@code probe} supplies another. */
    public static Supervision open(NodePaths paths, NodeDatabase db, EventSink events,
                                   Function<Sandboxes, HealthProbe> probe, WorkloadGuard guard) {
        ExecutorScheduler scheduler = new ExecutorScheduler();
        return open(paths, db, events, InstantSource.system(), scheduler, probe, STOP_GRACE, scheduler, guard);
    }

    /** Every part injected (tests: a hand-driven clock and scheduler, a fake probe, no stop grace). */
    public static Supervision open(NodePaths paths, NodeDatabase db, EventSink events, InstantSource clock,
                                   Scheduler scheduler, Function<Sandboxes, HealthProbe> probe, Duration stopGrace,
                                   AutoCloseable ownScheduler) {
        return open(paths, db, events, clock, scheduler, probe, stopGrace, ownScheduler, WorkloadGuard.NONE);
    }

    /** As above, with the guardian's view of supervision ({@link WorkloadGuard#NONE}: no guardian). */
    public static Supervision open(NodePaths paths, NodeDatabase db, EventSink events, InstantSource clock,
                                   Scheduler scheduler, Function<Sandboxes, HealthProbe> probe, Duration stopGrace,
                                   AutoCloseable ownScheduler, WorkloadGuard guard) {
        Sandboxes sandboxes = new Sandboxes(paths.root()).withStartHook(guard.startHook());
        ExitWatcher watcher = new ExitWatcher();
        SandboxDriver driver = new SandboxDriver(paths.root(), sandboxes, watcher, guard::holds);
        InstanceStore store = new InstanceStore(db, clock);
        StateChanges changes = new StateChanges(events, clock);
        HealthProbe p = probe.apply(sandboxes);
        Supervisor supervisor = new Supervisor(store, driver, p, scheduler, changes, stopGrace, guard);
        Rollout rollout = new Rollout(store, driver, supervisor, p, scheduler, changes, stopGrace);
        AdHocSupervisor adHoc = new AdHocSupervisor(store, sandboxes, driver, scheduler, changes);
        return new Supervision(watcher, driver, store, supervisor, rollout, adHoc, ownScheduler);
    }

    /** Live restore: adopt, reap, restart, resume rollouts, remove strays (see {@link LiveRestore}). */
    public void restore() {
        new LiveRestore(store, driver, supervisor, rollout, adHoc).run();
    }

    public Rollout rollouts() {
        return rollout;
    }

    public Supervisor supervisor() {
        return supervisor;
    }

    public AdHocSupervisor adHoc() {
        return adHoc;
    }

    public InstanceStore store() {
        return store;
    }

    public SandboxDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        supervisor.close();
        watcher.close();
        if (ownScheduler != null) {
            try {
                ownScheduler.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the supervisor's timers", e);
            }
        }
    }
}
