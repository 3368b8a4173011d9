package io.edgefusion.node.supervise;

import io.edgefusion.node.NodeComponent;
import io.edgefusion.node.NodeServices;
import io.edgefusion.node.api.RouteTable;
import io.edgefusion.node.deploy.DeploymentService;
import io.edgefusion.node.deploy.Revision;
import io.edgefusion.node.deploy.Revisions;
import io.edgefusion.node.deploy.Rollouts;
import io.edgefusion.node.health.SandboxHealthProbe;
import io.edgefusion.node.metrics.WorkloadStatusSource;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Deployments and their supervision on a node: live restore first (adopt, reap, restart, resume half-done
 * rollouts), then the revisions a killed node left unfinished get the outcome the resumed rollout reached, then
 * {@code /v1/deployments} and {@code /v1/sandboxes/{id}/restart-policy} are served.
 */
public final class SupervisionComponent implements NodeComponent {
    private final Supplier<WorkloadGuard> guard;
    private volatile Supervision supervision;

    /** Without a guardian. */
    public SupervisionComponent() {
        this(() -> WorkloadGuard.NONE);
    }

    /** @param guard the guardian's view, asked when this component starts (the guardian starts first) */
    public SupervisionComponent(Supplier<WorkloadGuard> guard) {
        this.guard = guard;
    }

    @Override
    public String name() {
        return "supervision";
    }

    @Override
    public AutoCloseable start(NodeServices s) {
        WorkloadGuard g = guard.get();
        Supervision sup = Supervision.open(s.paths(), s.database(), s.events(), SandboxHealthProbe::new, g);
        try {
            sup.restore();
            Revisions revisions = new Revisions(s.database(), s.clock());
            for (Revision r : revisions.unfinished()) {
                revisions.finish(r.deployment(), r.number(), outcome(sup, r));
            }
            DeploymentService service = new DeploymentService(revisions, sup.rollouts(), s.events(), s.clock());
            AdHocRoutes adHoc = new AdHocRoutes(sup.adHoc());
            List<RouteTable.Route> routes = List.of(s.api().mount(DeploymentService.PREFIX, service.routes()),
                    s.api().post("/v1/sandboxes/{id}/restart-policy", (r, p) -> adHoc.handle(r)));
            supervision = sup;
            g.ready(sup.supervisor(), service);
            return () -> {
                routes.forEach(RouteTable.Route::close);
                supervision = null;
                sup.close();
            };
        } catch (RuntimeException e) {
            sup.close();
            throw e;
        }
    }

    /** What the resumed rollout of a revision a killed node left pending reached. */
    private static Rollouts.Outcome outcome(Supervision sup, Revision r) {
        Optional<RolloutProgress> p = sup.store().rollout(r.deployment())
                .filter(x -> x.revision() == r.number());
        if (p.isPresent() && p.get().phase() == RolloutProgress.Phase.DONE) {
            return new Rollouts.Outcome.RolledOut();
        }
        return new Rollouts.Outcome.Failed(p.map(RolloutProgress::reason).filter(x -> x != null && !x.isEmpty())
                .orElse("the node stopped during the rollout"));
    }

    /** Restarts and health of the deployments' workloads, for {@code /metrics}. */
    public WorkloadStatusSource workloads() {
        return () -> {
            Supervision sup = supervision;
            if (sup == null) {
                return List.of();
            }
            return sup.store().all().stream().filter(i -> i.desired() == Instance.Desired.RUNNING)
                    .map(i -> new WorkloadStatusSource.WorkloadStatus(i.deployment(), i.workload(),
                            Optional.ofNullable(i.sandboxId()), i.restarts(), health(i.observed())))
                    .toList();
        };
    }

    private static Optional<Boolean> health(WorkloadState s) {
        return switch (s) {
            case HEALTHY -> Optional.of(true);
            case UNHEALTHY -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
