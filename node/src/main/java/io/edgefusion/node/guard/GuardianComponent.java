package io.edgefusion.node.guard;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.breaker.BreakerStore;
import io.edgefusion.guardian.breaker.Breakers;
import io.edgefusion.guardian.breaker.FailurePolicy;
import io.edgefusion.guardian.breaker.TripRunner;
import io.edgefusion.guardian.breaker.TripStore;
import io.edgefusion.guardian.check.CheckInterval;
import io.edgefusion.guardian.check.CheckOutcome;
import io.edgefusion.guardian.check.CheckScheduler;
import io.edgefusion.guardian.check.KernelEvents;
import io.edgefusion.guardian.evidence.EvidenceLog;
import io.edgefusion.guardian.evidence.NodeKey;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.node.NodeComponent;
import io.edgefusion.node.NodeServices;
import io.edgefusion.node.api.RouteTable;
import io.edgefusion.node.deploy.DeploymentService;
import io.edgefusion.node.deploy.Revisions;
import io.edgefusion.node.platform.PlatformProfile;
import io.edgefusion.node.supervise.ExecutorScheduler;
import io.edgefusion.node.supervise.WorkloadGuard;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.contract.StageRules;
import io.edgefusion.sandbox.Sandboxes;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The guardian in a node, started before supervision (so the first instance live restore adopts is watched):
 * the evidence log (the node's Ed25519 key, created on first start), the breakers and their trips, the check
 * scheduler and kernel events, bind prevention at sandbox start, and {@code /v1/breakers}. Supervision reaches
 * it through {@link #guard()}; once supervision serves deployments, unfinished trips resume.
 *
 * <p>The stage decides how strict it is: where the contract's {@code runtime} is {@code none} (development)
 * the contract's checks and prevention are off and only limits, exits, OOM and health count.
 */
public final class GuardianComponent implements NodeComponent {
    /** How often time-driven breaker changes (cool-down over, probation passed) are applied. */
    static final Duration TICK = Duration.ofMillis(250);

    private final AtomicReference<WorkloadGuard> guard = new AtomicReference<>(WorkloadGuard.NONE);

    @Override
    public String name() {
        return "guardian";
    }

    /** What supervision talks to: the running guardian, or {@link WorkloadGuard#NONE} before it starts. */
    public WorkloadGuard guard() {
        return guard.get();
    }

    @Override
    public AutoCloseable start(NodeServices s) {
        Optional<PlatformProfile> profile = s.profile();
        CoreContract contract = profile.map(PlatformProfile::contract).orElseGet(CoreContract::builtIn);
        Optional<StageRules> stage = profile.map(p -> p.contract().stage(p.profile().stage()));
        boolean enforced = CheckInterval.contractEnforced(stage);

        var sql = s.database();
        EvidenceLog log = EvidenceLog.open(sql, NodeKey.loadOrCreate(s.paths().nodeDir()),
                s.paths().nodeDir().resolve(EvidenceLog.DIR), s.clock());
        EvidenceEvents evidence = new EvidenceEvents(log, s.events(), s.clock());
        Sandboxes sandboxes = new Sandboxes(s.paths().root());
        Revisions revisions = new Revisions(s.database(), s.clock());
        DeploymentConfigs configs = new DeploymentConfigs(revisions);
        KnownGood knownGood = new KnownGood(s.database(), revisions);
        TripStore trips = new TripStore(sql);
        AtomicReference<NodeGuard> self = new AtomicReference<>();
        AtomicReference<DeploymentService> deployments = new AtomicReference<>();
        TripIsolation isolation = new TripIsolation(sandboxes, id -> self.get().release(id),
                id -> self.get().removedSandbox(id));
        TripRunner runner = new TripRunner(trips, isolation, new GuardianRollbacks(s.database(), knownGood,
                () -> Optional.ofNullable(deployments.get()), s.clock()),
                new TripSnapshots(sandboxes, s.paths().root(), evidence, trips, s.clock()), evidence, s.clock());
        ExecutorService tripExecutor = Executors.newVirtualThreadPerTaskExecutor();
        Breakers breakers = new Breakers(new BreakerStore(sql), trips, runner, evidence, s.clock(), tripExecutor,
                policy(enforced, knownGood));
        ExecutorScheduler timers = new ExecutorScheduler();
        CheckScheduler.Timer timer = (delay, task) -> timers.schedule(delay, task)::cancel;
        CheckScheduler scheduler = new CheckScheduler(timer, sandboxes, breakers, evidence);
        KernelEvents kernel = new KernelEvents(sandboxes, scheduler);
        BindPrevention prevention = new BindPrevention(configs, contract.network(), sandboxes::layout, evidence,
                enforced);
        WorkloadChecks checks = new WorkloadChecks(contract, ImageStore.open(s.paths().root()), prevention,
                enforced);
        NodeGuard g = new NodeGuard(sandboxes, new NodeGuard.Parts(breakers, scheduler, kernel, checks, prevention,
                configs, knownGood, trips, runner, tripExecutor, timer, deployments), stage, evidence, s.clock());
        self.set(g);
        guard.set(g);
        Ticker ticker = new Ticker(timer, breakers);
        ticker.arm();
        RouteTable.Route routes = s.api().mount(BreakerRoutes.PREFIX, new BreakerRoutes(breakers, g::afterReset));
        return () -> {
            routes.close();
            guard.set(WorkloadGuard.NONE);
            ticker.stop();
            scheduler.close();
            kernel.close();
            timers.close();
            tripExecutor.shutdownNow();
        };
    }

    /**
     * Contract violations and OOM open at once where the stage enforces the contract; so does an exit of a
     * revision that never became known-good while another one is (a new revision that crashes: roll it back now
     * rather than after three restarts).
     */
    private static FailurePolicy policy(boolean enforced, KnownGood knownGood) {
        return (WorkloadRef w, CheckOutcome.Failed f) -> {
            if (f.check().equals("oom") || enforced && FailurePolicy.CONTRACT.severe(w, f)) {
                return true;
            }
            if (!f.check().equals("exit")) {
                return false;
            }
            String deployment = w.name().substring(0, w.name().indexOf('/'));
            int revision = Integer.parseInt(w.revision());
            return !knownGood.isKnownGood(deployment, revision)
                    && knownGood.newestExcept(deployment, revision).isPresent();
        };
    }

    /** Applies the breakers' time-driven changes every {@link #TICK}. */
    private static final class Ticker {
        private final CheckScheduler.Timer timer;
        private final Breakers breakers;
        private volatile boolean stopped;
        private volatile CheckScheduler.Timer.Cancellable next;

        Ticker(CheckScheduler.Timer timer, Breakers breakers) {
            this.timer = timer;
            this.breakers = breakers;
        }

        void arm() {
            if (!stopped) {
                next = timer.schedule(TICK, () -> {
                    try {
                        breakers.tick();
                    } finally {
                        arm();
                    }
                });
            }
        }

        void stop() {
            stopped = true;
            CheckScheduler.Timer.Cancellable c = next;
            if (c != null) {
                c.cancel();
            }
        }
    }
}
