package io.edgefusion.node;

import io.edgefusion.node.guard.GuardianComponent;
import io.edgefusion.node.metrics.ObservabilityComponent;
import io.edgefusion.node.sandboxes.SandboxesComponent;
import io.edgefusion.node.supervise.SupervisionComponent;
import io.edgefusion.node.ui.DashboardComponent;

import java.util.List;

/**
 * The components every real node runs, in start order: the event log first (so it stores what live restore
 * reports), then the sandbox routes, then the guardian (so supervision's first adopted instance is watched),
 * then supervision (live restore, deployments), then the dashboard (it reads
 * supervision's tables and serves a stub {@code /v1/breakers} only when nothing before it does).
 */
public final class NodeComponents {
    private NodeComponents() {
    }

    public static List<NodeComponent> builtIn() {
        GuardianComponent guardian = new GuardianComponent();
        SupervisionComponent supervision = new SupervisionComponent(guardian::guard);
        return List.of(new ObservabilityComponent(supervision::workloads), new SandboxesComponent(), guardian,
                supervision, new DashboardComponent());
    }
}
