package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.kernel.cgroup.BlockIoSettings;
import io.edgefusion.kernel.cgroup.CpuExtras;
import io.edgefusion.kernel.cgroup.DeviceRule;
import io.edgefusion.kernel.cgroup.DeviceThrottle;
import io.edgefusion.kernel.cgroup.DeviceWeight;
import io.edgefusion.kernel.cgroup.HugepageLimit;
import io.edgefusion.kernel.cgroup.IoThrottle;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.cgroup.MemoryExtras;
import io.edgefusion.kernel.cgroup.ResourceSettings;
import io.edgefusion.sandbox.oci.config.Linux;
import io.edgefusion.sandbox.oci.config.Resources;
import io.edgefusion.sandbox.launch.DevicePolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** {@code linux.resources} as cgroup limits and the device allow-list. */
public final class OciResources {
    private OciResources() {
    }

    /**
     * Everything {@code r} asks of the cgroup: the limits plus block I/O, hugepages, {@code unified} and the
     * memory/cpu extras; what the host cannot do is refused by the cgroup manager naming the file.
     */
    public static ResourceSettings settings(Resources r, Consumer<String> warn) {
        ResourceSettings s = ResourceSettings.of(limits(r, warn));
        Resources.Memory m = r.memory();
        try {
            if (m != null) {
                s = s.withMemory(new MemoryExtras(m.swappiness() == null || m.swappiness() < 0 ? OptionalLong.empty()
                        : OptionalLong.of(m.swappiness()), Optional.ofNullable(m.disableOOMKiller()),
                        opt(m.kernel()), opt(m.kernelTCP())));
            }
            Resources.Cpu c = r.cpu();
            if (c != null) {
                s = new ResourceSettings(s.limits(), s.memory(), new CpuExtras(opt(c.realtimeRuntime()),
                        opt(c.realtimePeriod()), opt(c.idle()), opt(c.burst())), s.blockIo(), s.hugepages(),
                        s.unified());
            }
            if (r.blockIO() != null) {
                s = new ResourceSettings(s.limits(), s.memory(), s.cpu(), blockIo(r.blockIO()), s.hugepages(),
                        s.unified());
            }
            List<HugepageLimit> huge = new ArrayList<>();
            for (Resources.HugepageLimit h : r.hugepageLimits()) {
                huge.add(HugepageLimit.of(h.pageSize(), h.limit()));
            }
            return new ResourceSettings(s.limits(), s.memory(), s.cpu(), s.blockIo(), huge, r.unified());
        } catch (IllegalArgumentException e) {
            throw new LaunchPlanException("linux.resources: " + e.getMessage());
        }
    }

    private static BlockIoSettings blockIo(Resources.BlockIO b) {
        List<DeviceWeight> weights = new ArrayList<>();
        for (Resources.WeightDevice w : b.weightDevice()) {
            weights.add(new DeviceWeight(w.major(), w.minor(), w.weight() == null ? OptionalInt.empty()
                    : OptionalInt.of(w.weight()), w.leafWeight() == null ? OptionalInt.empty()
                    : OptionalInt.of(w.leafWeight())));
        }
        List<DeviceThrottle> throttles = new ArrayList<>();
        throttle(throttles, IoThrottle.READ_BPS, b.throttleReadBpsDevice());
        throttle(throttles, IoThrottle.WRITE_BPS, b.throttleWriteBpsDevice());
        throttle(throttles, IoThrottle.READ_IOPS, b.throttleReadIOPSDevice());
        throttle(throttles, IoThrottle.WRITE_IOPS, b.throttleWriteIOPSDevice());
        return new BlockIoSettings(b.weight() == null || b.weight() == 0 ? OptionalInt.empty()
                : OptionalInt.of(b.weight()), b.leafWeight() == null || b.leafWeight() == 0 ? OptionalInt.empty()
                : OptionalInt.of(b.leafWeight()), weights, throttles);
    }

    private static void throttle(List<DeviceThrottle> out, IoThrottle kind, List<Resources.ThrottleDevice> devs) {
        for (Resources.ThrottleDevice d : devs) {
            out.add(new DeviceThrottle(kind, d.major(), d.minor(), d.rate()));
        }
    }

    private static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The limits of {@code r}; a negative value means "unlimited" where the spec says so (-1). */
    public static LimitSettings limits(Resources r, Consumer<String> warn) {
        LimitSettings s = LimitSettings.none();
        Resources.Memory m = r.memory();
        if (m != null) {
            if (m.limit() != null) {
                s = s.withMemory(m.limit() < 0 ? -1 : m.limit());
            }
            if (m.swap() != null) {
                s = s.withMemorySwap(m.swap() < 0 ? -1 : m.swap());
            }
            if (m.reservation() != null && m.reservation() >= 0) {
                s = s.withMemoryReservation(m.reservation());
            }
        }
        Resources.Cpu c = r.cpu();
        if (c != null) {
            if (c.shares() != null && c.shares() > 0) {
                s = s.withCpuShares(c.shares());
            }
            if (c.quota() != null && c.quota() != 0) {
                long period = c.period() != null && c.period() > 0 ? c.period() : LimitSettings.DEFAULT_PERIOD_MICROS;
                s = s.withCpuQuota(c.quota() < 0 ? -1 : c.quota(), period);
            } else if (c.period() != null && c.period() > 0) {
                s = s.withCpuQuota(-1, c.period());
            }
            if (c.cpus() != null && !c.cpus().isEmpty() || c.mems() != null && !c.mems().isEmpty()) {
                s = s.withCpuset(empty(c.cpus()), empty(c.mems()));
            }
        }
        if (r.pids() != null) {
            s = s.withPidsMax(r.pids().limit() <= 0 ? -1 : r.pids().limit());
        }
        return s;
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * The device cgroup's allow-list: runc's defaults, the config's allow rules after its last deny-all, and the
     * nodes of {@code linux.devices}. A deny rule narrower than "all" cannot be expressed as an allow-list and is
     * refused, naming it.
     */
    public static List<DeviceRule> deviceRules(Resources r, List<Linux.Device> devices) {
        List<DeviceRule> rules = new ArrayList<>(DevicePolicy.DEFAULT_RULES);
        for (int i = 0; i < r.devices().size(); i++) {
            Resources.DeviceRule d = r.devices().get(i);
            String where = "linux.resources.devices[" + i + "]";
            char type = d.type() == null || d.type().isEmpty() ? 'a' : d.type().charAt(0);
            long major = d.major() == null ? DeviceRule.ANY : d.major();
            long minor = d.minor() == null ? DeviceRule.ANY : d.minor();
            String access = d.access() == null || d.access().isEmpty() ? "rwm" : d.access();
            if (!d.allow()) {
                if (type == 'a' && major == DeviceRule.ANY && minor == DeviceRule.ANY) {
                    rules = new ArrayList<>(DevicePolicy.DEFAULT_RULES); // deny all: start over from the defaults
                    continue;
                }
                if (rules.stream().noneMatch(x -> x.type() == type && x.major() == major && x.minor() == minor)) {
                    continue; // denying what is not allowed changes nothing
                }
                throw new LaunchPlanException(where + ": a deny rule for " + type + " " + major + ":" + minor
                        + " after an allow is not supported");
            }
            try {
                rules.add(new DeviceRule(type, major, minor, access));
            } catch (IllegalArgumentException e) {
                throw new LaunchPlanException(where + ": " + e.getMessage());
            }
        }
        for (Linux.Device d : devices) {
            char type = "b".equals(d.type()) ? 'b' : 'c';
            rules.add(new DeviceRule(type, d.major(), d.minor(), "rwm"));
        }
        return rules;
    }
}
