package io.edgefusion.node.guard;

import io.edgefusion.guardian.EvidenceSink;
import io.edgefusion.guardian.Json;
import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.check.CheckOutcome;
import io.edgefusion.guardian.check.LiveSandbox;
import io.edgefusion.guardian.check.WorkloadCheck;
import io.edgefusion.guardian.config.GuardianConfig;
import io.edgefusion.guardian.prevent.BindGuard;
import io.edgefusion.guardian.prevent.BindRefusals;
import io.edgefusion.guardian.prevent.Prevention;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.platform.contract.NetworkRules;
import io.edgefusion.sandbox.SandboxStartHook;
import io.edgefusion.sandbox.state.SandboxState;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The contract's network rule loaded into the kernel for each deployment sandbox whose {@code guardian.prevent}
 * is {@code bind}: attached as the sandbox starts (its PID 1 placed, the workload not yet running), so no bind
 * outside the contract ever listens. Each check round reads the refusal counter; a refusal is evidence
 * ({@code bind.refused}) and a failed {@code network.bind} check (a contract violation: it opens the breaker).
 */
final class BindPrevention implements SandboxStartHook {
    static final String REFUSED = "bind.refused";
    /**
     * How often the refusal counters are read: one map lookup per sandbox, cheap enough to run far faster than the
     * check interval, so a refused bind (the workload already tried to break the contract) trips at once.
     */
    static final java.time.Duration POLL = java.time.Duration.ofMillis(50);

    private final BindGuard guard = new BindGuard();
    private final DeploymentConfigs configs;
    private final NetworkRules rule;
    private final Supplier<CgroupLayout> layout;
    private final EvidenceSink evidence;
    private final boolean enforced;
    private final Map<String, Prevention> bySandbox = new ConcurrentHashMap<>();

    /** @param enforced whether the stage enforces the contract at run time ({@code runtime: none} does not) */
    BindPrevention(DeploymentConfigs configs, NetworkRules rule, Supplier<CgroupLayout> layout,
                   EvidenceSink evidence, boolean enforced) {
        this.configs = configs;
        this.rule = rule;
        this.layout = layout;
        this.evidence = evidence;
        this.enforced = enforced;
    }

    @Override
    public void placed(SandboxState s) {
        if (!enforced) {
            return;
        }
        configs.locate(s.name()).flatMap(l -> configs.of(l.deployment(), l.revision()))
                .filter(d -> d.guardian().prevent() == GuardianConfig.Prevent.BIND)
                .ifPresent(d -> bySandbox.put(s.id(), guard.attach(s.id(), layout.get(), s.cgroupPath(), rule)));
    }

    /**
     * A sandbox this node did not start (live restore): the programs an earlier node attached are found again and
     * read on; a sandbox started before prevention was asked for gets them now.
     */
    void adopt(SandboxState s) {
        if (!enforced || bySandbox.containsKey(s.id())) {
            return;
        }
        configs.locate(s.name()).flatMap(l -> configs.of(l.deployment(), l.revision()))
                .filter(d -> d.guardian().prevent() == GuardianConfig.Prevent.BIND)
                .flatMap(d -> BindGuard.cgroupDir(layout.get(), s.cgroupPath()))
                .ifPresent(dir -> bySandbox.put(s.id(), guard.reattach(s.id(), dir, rule, 0)));
    }

    /** The round's check of {@code sandboxId}'s refusals; empty when no programs guard it. */
    Optional<WorkloadCheck> check(String sandboxId) {
        if (!(bySandbox.get(sandboxId) instanceof Prevention.Enforcing e)) {
            return Optional.empty();
        }
        return Optional.of(new WorkloadCheck() {
            public String name() {
                return BindRefusals.CHECK;
            }

            public CheckOutcome run(WorkloadRef w, LiveSandbox live) {
                Optional<BindRefusals.Refused> r = e.refusals().poll();
                if (r.isEmpty()) {
                    return new CheckOutcome.Ok(name(), "no bind refused (" + e.refusals().total() + " in total)");
                }
                evidence.append(REFUSED, w.name(), Json.write(Json.object().put("sandbox", sandboxId)
                        .put("revision", w.revision()).put("added", r.get().added()).put("total", r.get().total())
                        .put("reason", r.get().reason())));
                return new CheckOutcome.Failed(name(), rule.rule(), "workload " + w.name() + ": "
                        + r.get().reason());
            }
        });
    }

    /** The sandbox is gone or no longer guarded: stop reading its counter (its cgroup's removal detaches). */
    void forget(String sandboxId) {
        Prevention p = bySandbox.remove(sandboxId);
        if (p instanceof Prevention.Enforcing e) {
            e.refusals().close();
        }
    }
}
