package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.proc.BoundingSet;
import io.edgefusion.sandbox.oci.config.IdMapping;
import io.edgefusion.sandbox.oci.config.Linux;
import io.edgefusion.sandbox.oci.config.OciConfig;
import io.edgefusion.sandbox.oci.config.OciProcess;
import io.edgefusion.sandbox.oci.plan.Rlimits;
import io.edgefusion.sandbox.spec.Capabilities;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.ResolvedUser;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.TmpfsOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * docker's defaults as a layer on a sandbox spec: what {@code edgefusion run} asks for, as an OCI runtime-spec
 * config that {@code HelperPlan} turns into the helper's instructions like any bundle's. The layer is runc's and
 * docker's: /proc, a small /dev tmpfs with the default nodes, its own devpts, shm and mqueue, sysfs, the sandbox's
 * cgroups, masked and read-only kernel interfaces, docker's capability set, and the user's mounts on top.
 * {@code --privileged} gives up the masks, read-only sysfs and cgroups, and gets every host device and capability.
 */
public final class DockerDefaults {
    /** Host id range a rootless sandbox maps its ids 0..65535 onto. */
    public static final long ROOTLESS_BASE = 100_000;
    public static final long ROOTLESS_SIZE = 65_536;

    /** Kernel interfaces a workload must not read (docker's masked paths). */
    static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    /** Kernel interfaces a workload may read but not change. */
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    static final String OCI_VERSION = "1.0.2";
    private static final List<String> HARD = List.of("nosuid", "noexec", "nodev");

    private DockerDefaults() {
    }

    /**
     * The config of a new sandbox: {@code env} is its whole environment (defaults, the user's, ergonomics), in
     * order. The root is not in it ({@code root.path} is empty): the overlay is a {@code RootSource} of its own.
     */
    public static OciConfig config(SandboxSpec spec, String hostname, ResolvedUser user, Map<String, String> env) {
        boolean privileged = spec.security().privileged();
        List<IdMapping> maps = spec.rootless() ? List.of(new IdMapping(0, ROOTLESS_BASE, ROOTLESS_SIZE)) : List.of();
        List<Linux.Device> devices = new ArrayList<>();
        List<OciConfig.Mount> deviceBinds = new ArrayList<>();
        List<DevicePolicy.Node> nodes = new ArrayList<>();
        if (privileged) {
            nodes.addAll(DevicePolicy.hostDevices());
        }
        nodes.addAll(DevicePolicy.granted(spec.devices()));
        if (spec.rootless()) {
            // mknod is impossible in a user namespace: each node is bound from the host, right after /dev is
            // made (as podman lists them), so a user's mount over one still wins. The default /dev/tty has no
            // host counterpart to bind, so a rootless sandbox has none.
            for (DevicePolicy.Node n : concat(DevicePolicy.DEFAULT_NODES, nodes)) {
                if (n.hostPath() != null) {
                    deviceBinds.add(mount(n.path(), "bind", n.hostPath(), List.of("bind")));
                }
            }
        } else {
            for (DevicePolicy.Node n : nodes) {
                devices.add(new Linux.Device(String.valueOf(n.type()), n.path(), n.major(), n.minor(), n.mode(),
                        null, null));
            }
        }
        Linux linux = new Linux(namespaces(spec), maps, maps, devices, null, null, null, null, null,
                privileged ? List.of() : MASKED, privileged ? List.of() : READ_ONLY, null, null, null, null);
        return new OciConfig(OCI_VERSION, process(spec, spec.command(), env, spec.workdir(), user, spec.stdio().tty()),
                new OciConfig.Root("", spec.readOnly()), hostname, null, mounts(spec, deviceBinds), null, null,
                linux);
    }

    /** What {@code exec} needs of the sandbox's config: the namespaces it joins. */
    public static OciConfig execConfig(SandboxSpec spec, OciProcess process) {
        Linux linux = new Linux(namespaces(spec), null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
        return new OciConfig(OCI_VERSION, process, null, null, null, null, null, null, linux);
    }

    /**
     * A process of the sandbox: {@code command} as {@code user} in {@code cwd} (relative: to the sandbox's /, as
     * the helper's chdir from there would take it), with the sandbox's capabilities, no_new_privs and ulimits,
     * on a pty of the sandbox's own with {@code tty}.
     */
    public static OciProcess process(SandboxSpec spec, List<String> command, Map<String, String> env, String cwd,
                                     ResolvedUser user, boolean tty) {
        List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        // --privileged: every capability this process's own bounding set still holds (the kernel refuses more).
        long caps = spec.security().privileged()
                ? Capabilities.mask(Capabilities.resolve(Set.of("ALL"), Set.of())) & BoundingSet.ofSelf()
                : Capabilities.mask(Capabilities.resolve(spec.capAdd(), spec.capDrop()));
        List<String> names = capNames(caps);
        // As docker: root keeps the set in effective/permitted; another user starts with none but the bounding set.
        List<String> held = user.uid() == 0 ? names : List.of();
        List<OciProcess.Rlimit> rlimits = new ArrayList<>();
        for (SandboxSpec.Rlimit r : spec.rlimits()) {
            if (Rlimits.number(r.name()) < 0) {
                throw new IllegalArgumentException("--ulimit " + r.name() + ": unknown resource (one of "
                        + String.join(", ", Rlimits.NAMES) + ")");
            }
            rlimits.add(new OciProcess.Rlimit("RLIMIT_" + r.name().toUpperCase(Locale.ROOT), r.soft(), r.hard()));
        }
        String dir = cwd.startsWith("/") ? cwd : "/" + cwd;
        return new OciProcess(tty, null,
                new OciProcess.User(user.uid(), user.gid(), null, user.groups(), null), command, null, envList, dir,
                new OciProcess.Capabilities(names, held, List.of(), held, List.of()), rlimits,
                spec.security().noNewPrivileges(), null, null, null, null, null);
    }

    /** A user namespace when rootless; mount, pid, uts, ipc and cgroup always; network unless {@code host} (a bridge's is
     * attached by CNI once the helper made it). */
    static List<Linux.Namespace> namespaces(SandboxSpec spec) {
        List<String> types = new ArrayList<>();
        if (spec.rootless()) {
            types.add("user");
        }
        types.addAll(List.of("mount", "pid", "uts", "ipc", "cgroup"));
        if (spec.network().ownNamespace()) {
            types.add("network");
        }
        return types.stream().map(t -> new Linux.Namespace(t, null)).toList();
    }

    private static List<OciConfig.Mount> mounts(SandboxSpec spec, List<OciConfig.Mount> deviceBinds) {
        boolean privileged = spec.security().privileged();
        List<OciConfig.Mount> out = new ArrayList<>();
        out.add(mount("/proc", "proc", "proc", HARD));
        // /dev as runc makes it: a small tmpfs, the default nodes, its own devpts, shm, mqueue and the links.
        out.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        out.addAll(deviceBinds);
        // gid=5 (tty) is only meaningful, and only accepted, when group 5 is mapped: not in a rootless sandbox.
        List<String> pts = new ArrayList<>(List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"));
        if (!spec.rootless()) {
            pts.add("gid=5");
        }
        out.add(mount("/dev/pts", "devpts", "devpts", pts));
        out.add(mount("/dev/shm", "tmpfs", "shm", concat(HARD, List.of("mode=1777", "size=65536k"))));
        out.add(mount("/dev/mqueue", "mqueue", "mqueue", HARD));
        if (spec.network() == Network.HOST && spec.rootless()) {
            // sysfs may only be mounted by the owner of the network namespace; borrow the host's, read-only.
            out.add(mount("/sys", "bind", "/sys", concat(List.of("rbind", "ro"), HARD)));
        } else {
            out.add(mount("/sys", "sysfs", "sysfs", privileged ? HARD : concat(HARD, List.of("ro"))));
        }
        out.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", concat(HARD, List.of(privileged ? "rw" : "ro"))));
        for (MountSpec m : spec.mounts()) {
            out.add(switch (m) {
                // rbind: the helper applies ro (and the other flags) to every submount too (mount_setattr).
                case MountSpec.Bind b -> mount(b.target(), "bind", b.source().toString(),
                        b.readOnly() ? List.of("rbind", "ro") : List.of("rbind"));
                case MountSpec.Tmpfs t -> tmpfs(t);
            });
        }
        return out;
    }

    private static OciConfig.Mount tmpfs(MountSpec.Tmpfs t) {
        TmpfsOptions o = TmpfsOptions.parse(t.options(), "--tmpfs " + t.target());
        List<String> opts = new ArrayList<>();
        if (o.readOnly()) {
            opts.add("ro");
        }
        if (o.nosuid()) {
            opts.add("nosuid");
        }
        if (o.nodev()) {
            opts.add("nodev");
        }
        if (o.noexec()) {
            opts.add("noexec");
        }
        opts.addAll(List.of(o.data().split(",")));
        return mount(t.target(), "tmpfs", "tmpfs", opts);
    }

    private static OciConfig.Mount mount(String dst, String type, String src, List<String> options) {
        return new OciConfig.Mount(dst, type, src, options, null, null);
    }

    private static List<String> capNames(long mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Capabilities.names().size(); i++) {
            if ((mask & (1L << i)) != 0) {
                out.add("CAP_" + Capabilities.names().get(i));
            }
        }
        return out;
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
