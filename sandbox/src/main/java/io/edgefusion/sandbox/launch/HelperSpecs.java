package io.edgefusion.sandbox.launch;

import io.edgefusion.sandbox.seccomp.BpfProgram;
import io.edgefusion.sandbox.spec.Capabilities;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.ResolvedUser;
import io.edgefusion.sandbox.spec.SandboxSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a sandbox spec into the helper's instructions: which namespaces, which mounts in which order, what to
 * mask, which credentials and capabilities. Every policy decision lives here, in Java; the helper only obeys.
 */
public final class HelperSpecs {
    // mount(2) flags (x86-64 and arm64 share them).
    static final long MS_RDONLY = 1;
    static final long MS_NOSUID = 2;
    static final long MS_NODEV = 4;
    static final long MS_NOEXEC = 8;
    static final long MS_BIND = 4096;
    static final long MS_REC = 16384;
    static final long MS_STRICTATIME = 1 << 24;

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
    /** Device nodes bind-mounted from the host (bind, not mknod, so the same list works rootless). */
    static final List<String> DEVICES = List.of("/dev/null", "/dev/zero", "/dev/full", "/dev/random",
            "/dev/urandom", "/dev/tty");
    /** Resource names of setrlimit(2), by their number. */
    static final List<String> RLIMITS = List.of("cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile",
            "memlock", "as", "locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime");

    private HelperSpecs() {
    }

    /** Instructions for a new sandbox whose root is an overlay of {@code spec.layers()} over upper/work. */
    public static String run(SandboxSpec spec, String hostname, OverlayRoot root, ResolvedUser user,
                             Map<String, String> env, Path log, long logMax, Path exit, boolean detach,
                             Optional<BpfProgram> seccomp) {
        ProtocolWriter w = new ProtocolWriter().line("mode", "run").line("ns", namespaces(spec));
        if (spec.rootless()) {
            w.line("uidmap", 0, ROOTLESS_BASE, ROOTLESS_SIZE).line("gidmap", 0, ROOTLESS_BASE, ROOTLESS_SIZE);
            for (Map.Entry<Path, Path> e : root.idmapped().entrySet()) {
                w.line("idmap_lower", e.getKey(), e.getValue());
            }
        }
        w.line("hostname", hostname).line("root", root.mountPoint())
                .line("rootmount", "overlay", root.options(), root.chdir());
        mounts(w, spec);
        for (String m : MASKED) {
            w.line("mask", m);
        }
        for (String r : READ_ONLY) {
            w.line("readonly", r);
        }
        if (spec.readOnly()) {
            w.line("readonly_root", 1);
        }
        process(w, spec.command(), env, spec.workdir(), user, spec, seccomp);
        w.line("log", log, logMax).line("exit", exit).line("detach", detach ? 1 : 0);
        return w.finish();
    }

    /** Instructions to run {@code command} inside the running sandbox whose PID 1 is {@code initPid}. */
    public static String exec(SandboxSpec spec, long initPid, List<String> command, Map<String, String> env,
                              String workdir, ResolvedUser user, Optional<BpfProgram> seccomp) {
        ProtocolWriter w = new ProtocolWriter().line("mode", "exec").line("target", initPid)
                .line("ns", namespaces(spec));
        process(w, command, env, workdir, user, spec, seccomp);
        return w.finish();
    }

    static String namespaces(SandboxSpec spec) {
        List<String> ns = new ArrayList<>();
        if (spec.rootless()) {
            ns.add("user");
        }
        ns.addAll(List.of("mnt", "pid", "uts", "ipc", "cgroup"));
        if (spec.network() == Network.NONE) {
            ns.add("net");
        }
        return String.join(",", ns);
    }

    private static void mounts(ProtocolWriter w, SandboxSpec spec) {
        long hard = MS_NOSUID | MS_NODEV | MS_NOEXEC;
        w.line("mount", "proc", "/proc", "proc", hard, null, "dir");
        w.line("mount", "tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", "dir");
        for (String d : DEVICES) {
            if (Files.exists(Path.of(d))) {
                w.line("mount", d, d, null, MS_BIND, null, "file");
            }
        }
        // gid=5 (tty) is only meaningful, and only accepted, when group 5 is mapped: not in a rootless sandbox.
        String pts = "newinstance,ptmxmode=0666,mode=0620" + (spec.rootless() ? "" : ",gid=5");
        w.line("mount", "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, pts, "dir");
        w.line("mount", "shm", "/dev/shm", "tmpfs", hard, "mode=1777,size=65536k", "dir");
        w.line("mount", "mqueue", "/dev/mqueue", "mqueue", hard, null, "dir");
        if (spec.network() == Network.HOST && spec.rootless()) {
            // sysfs may only be mounted by the owner of the network namespace; borrow the host's, read-only.
            w.line("mount", "/sys", "/sys", null, MS_BIND | MS_REC | MS_RDONLY | hard, null, "dir");
        } else {
            w.line("mount", "sysfs", "/sys", "sysfs", hard | MS_RDONLY, null, "dir");
        }
        for (MountSpec m : spec.mounts()) {
            switch (m) {
                case MountSpec.Bind b -> w.line("mount", b.source(), b.target(), null,
                        MS_BIND | MS_REC | (b.readOnly() ? MS_RDONLY : 0), null,
                        Files.isDirectory(b.source()) ? "dir" : "file");
                case MountSpec.Tmpfs t -> w.line("mount", "tmpfs", t.target(), "tmpfs", MS_NOSUID | MS_NODEV,
                        "mode=1777", "dir");
            }
        }
        w.line("symlink", "pts/ptmx", "/dev/ptmx").line("symlink", "/proc/self/fd", "/dev/fd")
                .line("symlink", "/proc/self/fd/0", "/dev/stdin").line("symlink", "/proc/self/fd/1", "/dev/stdout")
                .line("symlink", "/proc/self/fd/2", "/dev/stderr");
    }

    private static void process(ProtocolWriter w, List<String> command, Map<String, String> env, String cwd,
                                ResolvedUser user, SandboxSpec spec, Optional<BpfProgram> seccomp) {
        for (String a : command) {
            w.line("arg", a);
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            w.line("env", e.getKey() + "=" + e.getValue());
        }
        w.line("cwd", cwd).line("user", user.uid(), user.gid());
        w.line("groups", user.groups().isEmpty() ? null
                : user.groups().stream().map(String::valueOf).collect(Collectors.joining(",")));
        long caps = Capabilities.mask(Capabilities.resolve(spec.capAdd(), spec.capDrop()));
        // As docker: root keeps the set in effective/permitted; another user starts with none but the bounding set.
        long eff = user.uid() == 0 ? caps : 0;
        w.line("caps", Long.toHexString(caps), Long.toHexString(eff), Long.toHexString(eff), "0", "0");
        w.line("no_new_privs", spec.security().noNewPrivileges() ? 1 : 0);
        // The same filter for run and for every exec, compiled from the sandbox's own spec (SeccompCache).
        seccomp.ifPresent(p -> w.line("seccomp", p.hex()));
        for (SandboxSpec.Rlimit r : spec.rlimits()) {
            int res = RLIMITS.indexOf(r.name());
            if (res < 0) {
                throw new IllegalArgumentException("--ulimit " + r.name() + ": unknown resource (one of "
                        + String.join(", ", RLIMITS) + ")");
            }
            w.line("rlimit", res, r.soft(), r.hard());
        }
    }
}
