package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupMount;
import io.edgefusion.kernel.cgroup.CgroupVersion;
import io.edgefusion.sandbox.seccomp.BpfProgram;
import io.edgefusion.sandbox.spec.Capabilities;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.ResolvedUser;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.TmpfsOptions;
import io.edgefusion.sandbox.spec.Stdio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    static final String CGROUP_FS = "/sys/fs/cgroup";

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
    /** Resource names of setrlimit(2), by their number. */
    public static final List<String> RLIMITS = List.of("cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile",
            "memlock", "as", "locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime");

    private HelperSpecs() {
    }

    /**
     * Instructions for a new sandbox whose root is an overlay of {@code spec.layers()} over upper/work, with the
     * host's cgroup hierarchies (mounted again, read-only, inside the sandbox), the sandbox's cgroup path
     * (rootless: what is bound instead where the kernel refuses the mount; may be null), {@code onExit}: when not
     * empty, the argv the reaper execs once it has written the exit record (a detached {@code --rm} sandbox
     * removes itself that way; see {@code AutoRemove}), the caller's terminal, and the seccomp filter the helper
     * installs last before execve.
     */
    public static String run(SandboxSpec spec, String hostname, OverlayRoot root, ResolvedUser user,
                             Map<String, String> env, Path log, long logMax, Path exit, boolean detach,
                             CgroupLayout cgroups, String cgroupPath, List<String> onExit,
                             CallerTerminal terminal, Optional<BpfProgram> seccomp) {
        return run(spec, hostname, root, user, env, log, logMax, exit, detach, cgroups, cgroupPath, onExit, terminal,
                HandedFds.NONE, seccomp);
    }

    /** As above, attached with the caller's {@code handed} fds as the workload's stdio (ignored detached). */
    public static String run(SandboxSpec spec, String hostname, OverlayRoot root, ResolvedUser user,
                             Map<String, String> env, Path log, long logMax, Path exit, boolean detach,
                             CgroupLayout cgroups, String cgroupPath, List<String> onExit,
                             CallerTerminal terminal, HandedFds handed, Optional<BpfProgram> seccomp) {
        ProtocolWriter w = new ProtocolWriter().line("mode", "run").line("ns", namespaces(spec));
        if (spec.rootless()) {
            w.line("uidmap", 0, ROOTLESS_BASE, ROOTLESS_SIZE).line("gidmap", 0, ROOTLESS_BASE, ROOTLESS_SIZE);
            for (Map.Entry<Path, Path> e : root.idmapped().entrySet()) {
                w.line("idmap_lower", e.getKey(), e.getValue());
            }
        }
        w.line("hostname", hostname).line("root", root.mountPoint())
                .line("rootmount", "overlay", root.options(), root.chdir());
        mounts(w, spec, cgroups, cgroupPath);
        // --privileged gives up masked and read-only kernel interfaces (docs/sandboxes.md).
        for (String m : spec.security().privileged() ? List.<String>of() : MASKED) {
            w.line("mask", m);
        }
        for (String r : spec.security().privileged() ? List.<String>of() : READ_ONLY) {
            w.line("readonly", r);
        }
        if (spec.readOnly()) {
            w.line("readonly_root", 1);
        }
        process(w, spec.command(), env, spec.workdir(), user, spec, seccomp);
        stdio(w, spec.stdio(), terminal, detach ? HandedFds.NONE : handed);
        w.line("log", log, logMax).line("exit", exit).line("detach", detach ? 1 : 0);
        for (String a : onExit) {
            w.line("on_exit", a);
        }
        return w.finish();
    }

    /** Instructions to run {@code command} inside the running sandbox whose PID 1 is {@code initPid}. */
    public static String exec(SandboxSpec spec, long initPid, List<String> command, Map<String, String> env,
                              String workdir, ResolvedUser user, Stdio stdio, CallerTerminal terminal,
                              Optional<BpfProgram> seccomp) {
        return exec(spec, initPid, command, env, workdir, user, stdio, terminal, HandedFds.NONE, seccomp);
    }

    /** As above, with the caller's {@code handed} fds as the process's stdio. */
    public static String exec(SandboxSpec spec, long initPid, List<String> command, Map<String, String> env,
                              String workdir, ResolvedUser user, Stdio stdio, CallerTerminal terminal,
                              HandedFds handed, Optional<BpfProgram> seccomp) {
        ProtocolWriter w = new ProtocolWriter().line("mode", "exec").line("target", initPid)
                .line("ns", namespaces(spec));
        process(w, command, env, workdir, user, spec, seccomp);
        stdio(w, stdio, terminal, handed);
        return w.finish();
    }

    /**
     * {@code -t}: a pty of the sandbox's own; {@code -i}: stdin attached; the caller's terminal, if any; the
     * caller's handed fds: stdin only with {@code -i}, stdout only without {@code -t} (the pty is all of the
     * workload's stdio then; a handed stderr is still the helper's own).
     */
    private static void stdio(ProtocolWriter w, Stdio stdio, CallerTerminal terminal, HandedFds handed) {
        if (stdio.tty()) {
            w.line("tty", 1);
        }
        if (stdio.interactive()) {
            w.line("stdin", 1);
        }
        int in = stdio.interactive() && !stdio.tty() ? handed.in() : -1;
        int out = stdio.tty() ? -1 : handed.out();
        if (in >= 0 || out >= 0 || handed.err() >= 0) {
            w.line("stdio", handed.pid(), fd(in), fd(out), fd(handed.err()));
        }
        if (stdio.tty() && terminal != null) {
            w.line("console", terminal.input());
            if (terminal.output() != null) {
                w.line("output", terminal.output());
            }
        }
    }

    private static Integer fd(int fd) {
        return fd < 0 ? null : fd;
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

    private static void mounts(ProtocolWriter w, SandboxSpec spec, CgroupLayout cgroups, String cgroupPath) {
        long hard = MS_NOSUID | MS_NODEV | MS_NOEXEC;
        boolean privileged = spec.security().privileged();
        w.line("mount", "proc", "/proc", "proc", hard, null, "dir");
        // /dev as runc makes it: a small tmpfs, the default nodes, its own devpts, shm, mqueue and the links.
        w.line("mount", "tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", "dir");
        devices(w, spec);
        // gid=5 (tty) is only meaningful, and only accepted, when group 5 is mapped: not in a rootless sandbox.
        String pts = "newinstance,ptmxmode=0666,mode=0620" + (spec.rootless() ? "" : ",gid=5");
        w.line("mount", "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, pts, "dir");
        w.line("mount", "shm", "/dev/shm", "tmpfs", hard, "mode=1777,size=65536k", "dir");
        w.line("mount", "mqueue", "/dev/mqueue", "mqueue", hard, null, "dir");
        if (spec.network() == Network.HOST && spec.rootless()) {
            // sysfs may only be mounted by the owner of the network namespace; borrow the host's, read-only.
            w.line("mount", "/sys", "/sys", null, MS_BIND | MS_REC | MS_RDONLY | hard, null, "dir");
        } else {
            w.line("mount", "sysfs", "/sys", "sysfs", hard | (privileged ? 0 : MS_RDONLY), null, "dir");
        }
        cgroupFs(w, cgroups, cgroupPath, spec.rootless() ? CgroupSource.MOUNT_OR_BIND : CgroupSource.MOUNT,
                spec.security().privileged());
        for (MountSpec m : spec.mounts()) {
            switch (m) {
                // MS_REC: the helper applies ro (and the other flags) to every submount too (mount_setattr).
                case MountSpec.Bind b -> w.line("mount", b.source(), b.target(), null,
                        MS_BIND | MS_REC | (b.readOnly() ? MS_RDONLY : 0), null,
                        Files.isDirectory(b.source()) ? "dir" : "file");
                case MountSpec.Tmpfs t -> {
                    TmpfsOptions o = TmpfsOptions.parse(t.options(), "--tmpfs " + t.target());
                    long flags = (o.readOnly() ? MS_RDONLY : 0) | (o.nosuid() ? MS_NOSUID : 0)
                            | (o.nodev() ? MS_NODEV : 0) | (o.noexec() ? MS_NOEXEC : 0);
                    w.line("mount", "tmpfs", t.target(), "tmpfs", flags, o.data(), "dir");
                }
            }
        }
        w.line("symlink", "pts/ptmx", "/dev/ptmx").line("symlink", "/proc/self/fd", "/dev/fd")
                .line("symlink", "/proc/self/fd/0", "/dev/stdin").line("symlink", "/proc/self/fd/1", "/dev/stdout")
                .line("symlink", "/proc/self/fd/2", "/dev/stderr");
    }

    /**
     * Device nodes: rootful, made with mknod (the device cgroup decides what may be opened); rootless, where
     * mknod is impossible, bound from the host. The default /dev/tty has no host counterpart to bind, so a
     * rootless sandbox has none.
     */
    private static void devices(ProtocolWriter w, SandboxSpec spec) {
        List<DevicePolicy.Node> nodes = new ArrayList<>(DevicePolicy.DEFAULT_NODES);
        if (spec.security().privileged()) {
            nodes.addAll(DevicePolicy.hostDevices());
        }
        nodes.addAll(DevicePolicy.granted(spec.devices()));
        for (DevicePolicy.Node n : nodes) {
            if (!spec.rootless()) {
                w.line("mknod", n.path(), String.valueOf(n.type()), n.major(), n.minor(),
                        Integer.toOctalString(n.mode()));
            } else if (n.hostPath() != null) {
                w.line("mount", n.hostPath(), n.path(), null, MS_BIND, null, "file");
            }
        }
    }

    /**
     * The sandbox's own cgroups at /sys/fs/cgroup, as runc mounts them: in its cgroup namespace (so each
     * hierarchy's root is the sandbox's cgroup), read-only, under the host's names — a tmpfs holding one mount
     * per v1 hierarchy, the host's symlinks (cpu -> cpu,cpuacct) and cgroup2 at its hybrid place; on a pure v2
     * host cgroup2 at /sys/fs/cgroup itself. Without a cgroup namespace each hierarchy is instead the sandbox's
     * own directory of it, bound ({@link CgroupSource#BIND}), so the sandbox still sees only its cgroup.
     */
    public static void cgroupFs(ProtocolWriter w, CgroupLayout cgroups, String cgroupPath, CgroupSource source,
                                boolean writable) {
        long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | (writable ? 0 : MS_RDONLY);
        if (cgroups.version() instanceof CgroupVersion.V2) {
            cgroupMount(w, source, cgroups.unifiedMount().orElseThrow(), CGROUP_FS, flags, cgroupPath);
            return;
        }
        Path host = cgroups.fsRoot().resolve(CGROUP_FS.substring(1));
        w.line("mount", "tmpfs", CGROUP_FS, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755,size=64k", "dir");
        Set<String> done = new HashSet<>();
        for (CgroupMount m : cgroups.mounts()) {
            if (!m.mountPoint().startsWith(host) || m.mountPoint().equals(host)
                    || !done.add(host.relativize(m.mountPoint()).toString())) {
                continue;
            }
            cgroupMount(w, source, m, CGROUP_FS + "/" + host.relativize(m.mountPoint()), flags, cgroupPath);
        }
        // The host's links for co-mounted controllers (cpu -> cpu,cpuacct): looked up by name, no listing.
        for (String name : List.copyOf(done)) {
            for (String c : name.contains(",") ? name.split(",") : new String[0]) {
                Path link = host.resolve(c);
                if (!done.contains(c) && Files.isSymbolicLink(link)) {
                    try {
                        w.line("symlink", Files.readSymbolicLink(link), CGROUP_FS + "/" + c);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the link " + link, e);
                    }
                }
            }
        }
        if (!writable) {
            w.line("remount_ro", CGROUP_FS);
        }
    }

    /** One hierarchy at {@code dst}: {@code mount -t cgroup -o <controllers>} or cgroup2. */
    private static void cgroupMount(ProtocolWriter w, CgroupSource source, CgroupMount m, String dst, long flags,
                                    String cgroupPath) {
        String type = m.unified() ? "cgroup2" : "cgroup";
        String data = m.unified() ? null : String.join(",", new TreeSet<>(m.controllers()));
        if (source == CgroupSource.BIND) {
            // A hierarchy the sandbox is not in (none of its controllers were wanted) stays an empty directory.
            Path own = cgroupPath == null ? null : m.dirOf(cgroupPath).filter(Files::isDirectory).orElse(null);
            if (own != null) {
                w.line("mount", own, dst, null, MS_BIND | flags, null, "dir");
            }
        } else if (source == CgroupSource.MOUNT_OR_BIND) {
            // A kernel may refuse a user namespace these mounts: then the helper binds the sandbox's own
            // directory of the hierarchy instead (read-only all the same), or leaves one it is not placed in empty.
            Path own = cgroupPath == null ? null : m.dirOf(cgroupPath).filter(Files::isDirectory).orElse(null);
            w.line("mount_or_bind", type, dst, type, flags, data, "dir", own);
        } else {
            w.line("mount", type, dst, type, flags, data, "dir");
        }
    }

    /** How {@link #cgroupFs} makes each hierarchy appear. */
    public enum CgroupSource {
        /** mounted in the sandbox's own cgroup namespace */
        MOUNT,
        /** mounted, or where a user namespace may not, the sandbox's own directory bound */
        MOUNT_OR_BIND,
        /** the sandbox's own directory bound: it has no cgroup namespace */
        BIND
    }

    /** {@code CapBnd} of /proc/self/status. */
    public static long ownBoundingSet() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("CapBnd:")) {
                    return Long.parseUnsignedLong(l.substring(7).strip(), 16);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("/proc/self/status has no CapBnd line");
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
        // --privileged: every capability this process's own bounding set still holds (the kernel refuses more).
        long caps = spec.security().privileged()
                ? Capabilities.mask(Capabilities.resolve(Set.of("ALL"), Set.of())) & ownBoundingSet()
                : Capabilities.mask(Capabilities.resolve(spec.capAdd(), spec.capDrop()));
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
