package io.edgefusion.node.guard;

import io.edgefusion.guardian.check.DeclaredLimits;
import io.edgefusion.guardian.check.HalReportCheck;
import io.edgefusion.guardian.check.ImageDigestCheck;
import io.edgefusion.guardian.check.LimitsCheck;
import io.edgefusion.guardian.check.ListeningCheck;
import io.edgefusion.guardian.check.TraceIdCheck;
import io.edgefusion.guardian.check.WorkloadCheck;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.node.deploy.Resources;
import io.edgefusion.platform.check.ContractChecks;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.sandbox.state.SandboxState;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The periodic checks of one workload instance: the contract's run-time rules (listening sockets, HAL report,
 * trace ids in its log), its limits against what its deployment declares, and the image digest it was started from. the kernel's bind refusals where prevention is on. The health probe is the supervisor's (reported to the
 * guardian as it runs); exits and OOM kills come from kernel events.
 */
final class WorkloadChecks {
    private final ContractChecks contract;
    private final CoreContract core;
    private final ImageStore images;
    private final BindPrevention prevention;
    private final boolean contractEnforced;

    /** @param contractEnforced false where the stage's {@code runtime} is {@code none}: limits and image only */
    WorkloadChecks(CoreContract core, ImageStore images, BindPrevention prevention, boolean contractEnforced) {
        this.contractEnforced = contractEnforced;
        this.contract = new ContractChecks(core);
        this.core = core;
        this.images = images;
        this.prevention = prevention;
    }

    List<WorkloadCheck> of(SandboxState sandbox, Resources declared) {
        List<WorkloadCheck> checks = new ArrayList<>(List.of(new LimitsCheck(limits(declared))));
        if (contractEnforced) {
            checks.addAll(List.of(new ListeningCheck(contract), new HalReportCheck(core), new TraceIdCheck(contract)));
        }
        if (sandbox.spec() != null && sandbox.spec().image() != null) {
            // The digest the reference names now, while the sandbox has just started from it.
            images.find(sandbox.spec().image()).ifPresent(i -> checks.add(new ImageDigestCheck(images,
                    i.id().toString())));
        }
        return checks;
    }

    private static DeclaredLimits limits(Resources r) {
        return new DeclaredLimits(r.memoryBytes().isPresent() ? OptionalLong.of(r.memoryBytes().getAsLong())
                : OptionalLong.empty(), r.cpus().isPresent() ? OptionalDouble.of(r.cpus().getAsDouble())
                : OptionalDouble.empty(), r.pids().isPresent() ? OptionalLong.of(r.pids().getAsLong())
                : OptionalLong.empty());
    }
}
