package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.UnsupportedHost;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;

/**
 * Plans the writes of a {@link ResourceSettings} beyond its {@link LimitSettings}, controller by controller: each
 * controller's directory says whether it is v1 or v2 (on a hybrid host both occur in one cgroup), and that decides
 * the files. Order: memory, cpu, block I/O, huge pages, then the raw cgroup2 keys, which thus win; a CPU idle
 * flag and a burst may have to precede the limits (see {@link ResourcePlan}).
 */
final class ResourcePlanner {
    private ResourcePlanner() {
    }

    static ResourcePlan plan(CgroupLayout layout, CgroupPaths paths, String cgroupPath, ResourceSettings s) {
        PlanTargets t = new PlanTargets(layout, paths, cgroupPath);
        List<CgroupWrite> before = new ArrayList<>();
        List<CgroupWrite> after = new ArrayList<>();
        List<CgroupWarning> warnings = new ArrayList<>();
        memory(t, s.memory(), after, warnings);
        LimitSettings limits = cpu(t, s.cpu(), s.limits(), before, after, warnings);
        if (!s.blockIo().isEmpty()) {
            BlockIoPlanner.plan(t, s.blockIo(), after);
        }
        if (!s.hugepages().isEmpty()) {
            HugetlbPlanner.plan(t, s.hugepages(), after);
        }
        if (!s.unified().isEmpty()) {
            UnifiedPlanner.plan(t, s.unified(), after);
        }
        return new ResourcePlan(before, limits, after, warnings);
    }

    private static void memory(PlanTargets t, MemoryExtras m, List<CgroupWrite> writes, List<CgroupWarning> warnings) {
        if (m.swappiness().isPresent()) {
            ControllerDir d = t.need(Controller.MEMORY, V1_MEMORY_SWAPPINESS);
            if (d.unified()) {
                throw new UnsupportedHost(V1_MEMORY_SWAPPINESS + ": cgroup v2 has no per-cgroup swappiness (memory"
                        + " controller at " + d.dir() + "); leave swappiness unset");
            }
            Path f = PlanTargets.existing(d, V1_MEMORY_SWAPPINESS, "the kernel has no per-cgroup swappiness");
            writes.add(new CgroupWrite(f, Long.toString(m.swappiness().getAsLong())));
        }
        if (m.disableOomKiller().isPresent()) {
            boolean disable = m.disableOomKiller().get();
            ControllerDir d = t.need(Controller.MEMORY, V1_MEMORY_OOM_CONTROL);
            if (d.unified() && disable) {
                throw new UnsupportedHost(V1_MEMORY_OOM_CONTROL + ": cgroup v2 cannot disable the OOM killer (memory"
                        + " controller at " + d.dir() + ")");
            }
            if (!d.unified()) {
                Path f = PlanTargets.existing(d, V1_MEMORY_OOM_CONTROL, "the kernel has no memory OOM control");
                writes.add(new CgroupWrite(f, disable ? "1" : "0"));
            }
            // v2 and false: the OOM killer is always enabled there; nothing to write.
        }
        if (m.kernelBytes().isPresent()) {
            warnings.add(new CgroupWarning(V1_MEMORY_KMEM_LIMIT, "kernel memory limits are deprecated (Linux 5.4 "
                    + "stopped enforcing them; cgroup v2 has none); not set"));
        }
        if (m.kernelTcpBytes().isPresent()) {
            warnings.add(new CgroupWarning(V1_MEMORY_KMEM_TCP_LIMIT, "kernel TCP memory limits are deprecated (cgroup"
                    + " v2 has none); not set"));
        }
    }

    /** Plans the CPU extras; returns the limits to apply, without shares where the group is to be idle. */
    private static LimitSettings cpu(PlanTargets t, CpuExtras c, LimitSettings limits, List<CgroupWrite> before,
                                     List<CgroupWrite> after, List<CgroupWarning> warnings) {
        if (c.realtimeRuntimeMicros().isPresent() || c.realtimePeriodMicros().isPresent()) {
            realtime(t, c, after);
        }
        if (c.idle().isPresent()) {
            ControllerDir d = t.need(Controller.CPU, CPU_IDLE);
            Path f = PlanTargets.existing(d, CPU_IDLE, "the kernel predates group idle scheduling (Linux 5.15)");
            // The kernel refuses shares for an idle group (EINVAL): leaving idle must come first, and shares for a
            // group that is to be idle are dropped (it runs at the minimum weight whatever they say).
            before.add(new CgroupWrite(f, Long.toString(c.idle().getAsLong())));
            if (c.idle().getAsLong() == 1 && (limits.cpuShares().isPresent() || limits.cpuWeight().isPresent())) {
                warnings.add(new CgroupWarning(d.unified() ? V2_CPU_WEIGHT : V1_CPU_SHARES, "not written: an idle"
                        + " group (cpu.idle 1) runs at the minimum weight, and the kernel refuses a weight for it"));
                limits = new LimitSettings(limits.memoryBytes(), limits.memorySwapBytes(), limits.memoryReservation(),
                        limits.memoryHigh(), limits.cpuQuotaMicros(), limits.cpuPeriodMicros(), OptionalLong.empty(),
                        OptionalLong.empty(), limits.cpusetCpus(), limits.cpusetMems(), limits.pidsMax());
            }
        }
        if (c.burstMicros().isPresent()) {
            ControllerDir d = t.need(Controller.CPU, "cpu burst");
            String name = d.unified() ? V2_CPU_MAX_BURST : V1_CFS_BURST;
            Path f = PlanTargets.existing(d, name, "the kernel predates CFS burst (Linux 5.14)");
            long burst = c.burstMicros().getAsLong();
            // The kernel keeps burst ≤ quota at every write: a burst within the current quota goes before a new
            // quota (which may be lower), a larger one after it.
            boolean first = currentQuota(d).stream().allMatch(q -> burst <= q);
            (first ? before : after).add(new CgroupWrite(f, Long.toString(burst)));
        }
        return limits;
    }

    /** The quota in force now, µs per period; empty when unlimited or unreadable (no constraint to respect). */
    private static OptionalLong currentQuota(ControllerDir d) {
        Path f = d.file(d.unified() ? V2_CPU_MAX : V1_CFS_QUOTA);
        return KernelFiles.readIfExists(f).map(raw -> {
            if (d.unified()) {
                long q = CgroupValues.parseV2CpuMax(f, raw)[0];
                return q < 0 ? OptionalLong.empty() : OptionalLong.of(q);
            }
            return CgroupValues.parseV1Quota(f, raw);
        }).orElse(OptionalLong.empty());
    }

    /**
     * The kernel keeps {@code runtime ≤ period} at every write, so when both change, a new period below the
     * current runtime must follow the new runtime; otherwise the period goes first.
     */
    private static void realtime(PlanTargets t, CpuExtras c, List<CgroupWrite> writes) {
        ControllerDir d = t.need(Controller.CPU, V1_CPU_RT_RUNTIME);
        if (d.unified()) {
            throw new UnsupportedHost(V1_CPU_RT_RUNTIME + ": real-time CPU bandwidth per cgroup exists only on"
                    + " cgroup v1 (cpu controller at " + d.dir() + " is v2)");
        }
        String why = "the kernel was built without CONFIG_RT_GROUP_SCHED";
        Path runtime = PlanTargets.existing(d, V1_CPU_RT_RUNTIME, why);
        Path period = PlanTargets.existing(d, V1_CPU_RT_PERIOD, why);
        OptionalLong r = c.realtimeRuntimeMicros();
        OptionalLong p = c.realtimePeriodMicros();
        if (r.isPresent() && p.isPresent() && r.getAsLong() > p.getAsLong()) {
            throw new IllegalArgumentException("cpu realtime runtime " + r.getAsLong() + " exceeds its period "
                    + p.getAsLong());
        }
        // -1 (no limit, as at the root) constrains no period.
        boolean periodFirst = p.isPresent() && (r.isEmpty() || CgroupValues.parseV1Quota(runtime,
                KernelFiles.read(runtime)).stream().allMatch(cur -> p.getAsLong() >= cur));
        if (periodFirst) {
            writes.add(new CgroupWrite(period, Long.toString(p.getAsLong())));
        }
        r.ifPresent(v -> writes.add(new CgroupWrite(runtime, Long.toString(v))));
        if (p.isPresent() && !periodFirst) {
            writes.add(new CgroupWrite(period, Long.toString(p.getAsLong())));
        }
    }
}
