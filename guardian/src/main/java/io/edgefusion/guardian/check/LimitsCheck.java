package io.edgefusion.guardian.check;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.kernel.cgroup.HierarchyLimit;
import io.edgefusion.kernel.cgroup.LimitSource;
import io.edgefusion.kernel.cgroup.ResourceLimits;
import io.edgefusion.kernel.sys.KernelException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The workload's cgroup limits equal what its deployment declares: memory max, CPU quota and pids max of the
 * sandbox's own cgroup (the leaf, where the node wrote them). A difference means something wrote the cgroup
 * behind the node's back — the workload itself (a limits lift) or an operator — and is reported with the file.
 */
public final class LimitsCheck implements WorkloadCheck {
    private final DeclaredLimits declared;

    public LimitsCheck(DeclaredLimits declared) {
        this.declared = declared;
    }

    @Override
    public String name() {
        return "limits";
    }

    @Override
    public CheckOutcome run(WorkloadRef w, LiveSandbox live) {
        ResourceLimits l;
        try {
            l = live.cgroup().limits();
        } catch (KernelException | java.io.UncheckedIOException e) {
            return new CheckOutcome.Inconclusive(name(), "cannot read the limits of sandbox " + live.label() + ": "
                    + e.getMessage());
        }
        List<String> bad = new ArrayList<>();
        compare("memory", "resources.memory", l.memoryMax(), declared.memoryBytes(), bad);
        OptionalLong cpus = declared.cpus().isPresent()
                ? OptionalLong.of(Math.round(declared.cpus().getAsDouble() * 1e6)) : OptionalLong.empty();
        compare("cpu quota (micro-CPUs)", "resources.cpus", l.cpuQuota(), cpus, bad);
        compare("pids", "resources.pids", l.pidsMax(), declared.pids(), bad);
        if (bad.isEmpty()) {
            return new CheckOutcome.Ok(name(), "memory, cpu and pids limits as declared");
        }
        return new CheckOutcome.Failed(name(), "resources", "workload " + w.name() + ": " + String.join("; ", bad)
                + "; something changed the cgroup behind the node: find who wrote it, then redeploy");
    }

    private static void compare(String what, String key, Optional<HierarchyLimit> have, OptionalLong want,
                                List<String> bad) {
        if (have.isEmpty()) {
            return; // the host offers no such controller to the sandbox; nothing to compare
        }
        LimitSource leaf = have.get().leaf();
        OptionalLong v = leaf.value();
        boolean same = v.isPresent() == want.isPresent() && (v.isEmpty() || close(v.getAsLong(), want.getAsLong()));
        if (!same) {
            bad.add(what + " is " + (v.isPresent() ? v.getAsLong() : "unlimited") + " in " + leaf.file()
                    + ", the deployment declares " + (want.isPresent() ? want.getAsLong() : "none") + " (" + key + ")");
        }
    }

    /** Equal, allowing the kernel's rounding (v1 memory limits are page multiples). */
    private static boolean close(long have, long want) {
        return Math.abs(have - want) <= Math.max(4096, want / 1000);
    }
}
