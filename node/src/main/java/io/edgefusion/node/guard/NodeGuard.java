package io.edgefusion.node.guard;

import io.edgefusion.guardian.EvidenceSink;
import io.edgefusion.guardian.Json;
import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.breaker.BreakerState;
import io.edgefusion.guardian.breaker.Breakers;
import io.edgefusion.guardian.breaker.CircuitBreaker;
import io.edgefusion.guardian.breaker.Trip;
import io.edgefusion.guardian.breaker.TripRunner;
import io.edgefusion.guardian.breaker.TripStore;
import io.edgefusion.guardian.check.CheckInterval;
import io.edgefusion.guardian.check.CheckOutcome;
import io.edgefusion.guardian.check.CheckScheduler;
import io.edgefusion.guardian.check.KernelEvents;
import io.edgefusion.guardian.config.GuardianConfig;
import io.edgefusion.node.deploy.Deployment;
import io.edgefusion.node.deploy.DeploymentService;
import io.edgefusion.node.supervise.Instance;
import io.edgefusion.node.supervise.Supervisor;
import io.edgefusion.node.supervise.WorkloadGuard;
import io.edgefusion.platform.contract.StageRules;
import io.edgefusion.sandbox.state.SandboxNames;
import io.edgefusion.sandbox.SandboxStartHook;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The guardian as supervision sees it: each instance the supervisor runs is watched (its checks every interval,
 * kernel events for exit and OOM, its stable period toward known-good), every exit and health probe counts on
 * its breaker, and once a breaker is open the trip owns the tripped revision's instance: the supervisor neither
 * restarts nor probes it, and its sandbox is held until the trip's snapshot is taken.
 */
final class NodeGuard implements WorkloadGuard {
    private static final System.Logger LOG = System.getLogger(NodeGuard.class.getName());
    static final String KNOWN_GOOD = "revision.known-good";

    private final Sandboxes sandboxes;
    private final Parts parts;
    private final Optional<StageRules> stage;
    private final EvidenceSink evidence;
    private final InstantSource clock;
    /** The instance each workload ({@code deployment/workload}) is watched as. */
    private final Map<String, Instance> watched = new ConcurrentHashMap<>();
    /** Every instance seen, by sandbox id, so a trip can release the one it isolates. */
    private final Map<String, Instance> bySandbox = new ConcurrentHashMap<>();
    private volatile Supervisor supervisor;
    /** The refusal counter reads of each workload with bind prevention ({@link BindPrevention#POLL}). */
    private final Map<String, RefusalPoll> refusals = new ConcurrentHashMap<>();

    /** Reads one sandbox's refusal counter every {@link BindPrevention#POLL} until stopped. */
    private final class RefusalPoll {
        private final WorkloadRef ref;
        private final io.edgefusion.guardian.check.WorkloadCheck check;
        private volatile boolean stopped;

        RefusalPoll(WorkloadRef ref, io.edgefusion.guardian.check.WorkloadCheck check) {
            this.ref = ref;
            this.check = check;
        }

        void arm() {
            if (!stopped) {
                parts.timer().schedule(BindPrevention.POLL, this::tick);
            }
        }

        private void tick() {
            if (stopped) {
                return;
            }
            try {
                parts.scheduler().outcome(ref, check.run(ref, null));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "bind refusals of " + ref.name() + ": " + e.getMessage());
            } finally {
                arm();
            }
        }
    }

    /** The guardian's parts this view drives. */
    record Parts(Breakers breakers, CheckScheduler scheduler, KernelEvents kernel, WorkloadChecks checks,
                 BindPrevention prevention, DeploymentConfigs configs, KnownGood knownGood, TripStore trips,
                 TripRunner runner, Executor tripExecutor, CheckScheduler.Timer timer,
                 java.util.concurrent.atomic.AtomicReference<DeploymentService> deployments) {
    }

    NodeGuard(Sandboxes sandboxes, Parts parts, Optional<StageRules> stage, EvidenceSink evidence,
              InstantSource clock) {
        this.sandboxes = sandboxes;
        this.parts = parts;
        this.stage = stage;
        this.evidence = evidence;
        this.clock = clock;
    }

    @Override
    public void watch(Instance row) {
        if (row.sandboxId() == null) {
            return;
        }
        SandboxState s;
        try {
            s = sandboxes.inspect(row.sandboxId());
        } catch (SandboxNames.NoSuchSandbox e) {
            return;
        }
        bySandbox.put(row.sandboxId(), row);
        parts.prevention().adopt(s);
        GuardianConfig g = parts.configs().of(row.deployment(), row.revision()).map(Deployment::guardian)
                .orElse(GuardianConfig.defaults());
        parts.breakers().register(row.subject(), g.breaker());
        watched.put(row.subject(), row);
        WorkloadRef ref = ref(row);
        parts.scheduler().watch(ref, parts.checks().of(s, row.spec().resources()), CheckInterval.of(stage,
                g.interval()));
        stopRefusals(row.subject());
        parts.prevention().check(s.id()).ifPresent(c -> {
            RefusalPoll p = new RefusalPoll(ref, c);
            refusals.put(row.subject(), p);
            p.arm();
        });
        try {
            parts.kernel().watch(ref);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "kernel events of " + row.subject() + ": " + e.getMessage()
                    + "; its checks still run every interval");
        }
        Instant since = clock.instant();
        parts.timer().schedule(g.stable(), () -> stable(row, since, g.stable()));
    }

    /** The stable period of {@code row} (watched since {@code since}) is over: known-good unless it failed meanwhile. */
    private void stable(Instance row, Instant since, Duration stable) {
        Instance now = watched.get(row.subject());
        if (now == null || !row.sandboxId().equals(now.sandboxId())) {
            return;
        }
        Optional<Instant> failed = parts.breakers().lastFailure(row.subject()).filter(t -> t.isAfter(since));
        boolean closed = parts.breakers().get(row.subject()).map(b -> b.state() == BreakerState.CLOSED).orElse(true);
        if (failed.isPresent() || !closed) {
            Instant from = failed.orElse(clock.instant());
            parts.timer().schedule(stable, () -> stable(row, from, stable));
            return;
        }
        if (parts.knownGood().record(row.deployment(), row.revision(), row.workload(), clock.millis())) {
            evidence.append(KNOWN_GOOD, row.subject(), Json.write(Json.object().put("revision", row.revision())
                    .put("sandbox", row.sandboxId()).put("stable_ms", stable.toMillis())));
        }
    }

    @Override
    public void unwatch(Instance row) {
        if (row.sandboxId() == null) {
            return;
        }
        Instance now = watched.get(row.subject());
        if (now != null && row.sandboxId().equals(now.sandboxId())) {
            watched.remove(row.subject());
            parts.scheduler().unwatch(row.subject());
            parts.kernel().unwatch(row.subject());
            stopRefusals(row.subject());
        }
        if (!holds(row.sandboxId())) {
            parts.prevention().forget(row.sandboxId());
        }
    }

    @Override
    public boolean exited(Instance row, String reason) {
        WorkloadRef ref = ref(row);
        if (row.sandboxId() != null) {
            bySandbox.put(row.sandboxId(), row);
        }
        if (parts.breakers().beforeRestart(ref, "workload " + row.subject() + " ended: " + reason).allowed()) {
            return true;
        }
        return !tripped(row);
    }

    @Override
    public boolean probed(Instance row, Optional<String> failure) {
        CheckOutcome o = failure.<CheckOutcome>map(f -> new CheckOutcome.Failed("health", "health", "workload "
                + row.subject() + ": " + f)).orElseGet(() -> new CheckOutcome.Ok("health", "probe passed"));
        parts.scheduler().outcome(ref(row), o);
        boolean open = parts.breakers().get(row.subject()).map(b -> b.state() == BreakerState.OPEN).orElse(false);
        return !open || !tripped(row);
    }

    /** Whether the newest trip of {@code row}'s workload is about {@code row}'s revision (a rollback's is not). */
    private boolean tripped(Instance row) {
        return parts.trips().of(row.subject()).stream().max(Comparator.comparing(Trip::openedAt))
                .map(t -> t.workload().revision().equals(Integer.toString(row.revision()))).orElse(true);
    }

    @Override
    public boolean holds(String sandboxId) {
        return parts.trips().unfinished().stream().anyMatch(t -> sandboxId.equals(t.workload().sandboxId()));
    }

    /** A trip isolates {@code sandboxId}: the supervisor lets go of its instance and its checks stop. */
    void release(String sandboxId) {
        Instance row = bySandbox.get(sandboxId);
        if (row == null) {
            return;
        }
        Supervisor s = supervisor;
        if (s != null) {
            s.release(row.key());
        }
        Instance now = watched.get(row.subject());
        if (now != null && sandboxId.equals(now.sandboxId())) {
            watched.remove(row.subject());
            parts.scheduler().unwatch(row.subject());
            parts.kernel().unwatch(row.subject());
            stopRefusals(row.subject());
        }
    }

    private void stopRefusals(String subject) {
        RefusalPoll p = refusals.remove(subject);
        if (p != null) {
            p.stopped = true;
        }
    }

    /** The trip removed {@code sandboxId}. */
    void removedSandbox(String sandboxId) {
        bySandbox.remove(sandboxId);
        parts.prevention().forget(sandboxId);
    }

    /** {@code breaker reset NAME} succeeded: the workload's instance the breaker kept down runs again. */
    void afterReset(String name) {
        Supervisor s = supervisor;
        int slash = name.indexOf('/');
        if (s != null && slash > 0) {
            s.revive(name.substring(0, slash), name.substring(slash + 1));
        }
    }

    @Override
    public void removed(String deployment) {
        for (CircuitBreaker.View v : parts.breakers().list()) {
            if (v.workload().startsWith(deployment + "/")) {
                parts.breakers().unregister(v.workload());
                parts.scheduler().unwatch(v.workload());
                parts.kernel().unwatch(v.workload());
                stopRefusals(v.workload());
                watched.remove(v.workload());
            }
        }
    }

    @Override
    public void ready(Supervisor supervisor, DeploymentService deployments) {
        this.supervisor = supervisor;
        parts.deployments().set(deployments);
        parts.tripExecutor().execute(() -> {
            try {
                parts.runner().resume();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "resuming unfinished trips: " + e.getMessage());
            }
        });
    }

    @Override
    public SandboxStartHook startHook() {
        return parts.prevention();
    }

    private static WorkloadRef ref(Instance row) {
        String sandbox = row.sandboxId() != null ? row.sandboxId() : row.sandboxName();
        return new WorkloadRef(row.subject(), Integer.toString(row.revision()), sandbox);
    }
}
