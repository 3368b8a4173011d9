package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.sandbox.oci.config.IdMapping;
import io.edgefusion.sandbox.oci.config.Linux;
import io.edgefusion.sandbox.oci.config.OciConfig;
import io.edgefusion.sandbox.oci.config.OciProcess;
import io.edgefusion.sandbox.launch.DevicePolicy;
import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.launch.ProtocolWriter;
import io.edgefusion.sandbox.seccomp.BpfProgram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A config.json as the helper's instructions (native/PROTOCOL.md), in the spec's order: namespaces, id maps, the
 * root, {@code mounts} in order, device nodes, masked and read-only paths, sysctl, then the process. Every policy
 * decision is here; what the host cannot do is refused in one line naming the field.
 */
public final class HelperPlan {
    private static final String DEV = "/dev";

    private HelperPlan() {
    }

    /** The instructions for a new container whose root is the bundle's directory {@code rootfs}. */
    public static String run(OciConfig c, Path rootfs, LaunchContext ctx, Optional<BpfProgram> seccomp,
                             Consumer<String> warn) {
        return run(c, new RootSource.BundleDir(rootfs), ctx, seccomp, warn, Unsupported.APPARMOR);
    }

    /** The instructions for a new container whose root is {@code root} ({@code root.path} is not read). */
    public static String run(OciConfig c, RootSource root, LaunchContext ctx, Optional<BpfProgram> seccomp,
                             Consumer<String> warn) {
        return run(c, root, ctx, seccomp, warn, Unsupported.APPARMOR);
    }

    /** As {@link #run}, with AppArmor deemed enabled when {@code apparmor} (its securityfs directory) exists. */
    static String run(OciConfig c, Path rootfs, LaunchContext ctx, Optional<BpfProgram> seccomp,
                      Consumer<String> warn, Path apparmor) {
        return run(c, new RootSource.BundleDir(rootfs), ctx, seccomp, warn, apparmor);
    }

    private static String run(OciConfig c, RootSource root, LaunchContext ctx, Optional<BpfProgram> seccomp,
                              Consumer<String> warn, Path apparmor) {
        Linux linux = c.linux();
        Namespaces ns = Namespaces.of(linux);
        ProtocolWriter w = new ProtocolWriter().line("mode", "run").line("ns", String.join(",", ns.created()));
        for (Map.Entry<String, String> j : ns.joined().entrySet()) {
            w.line("nsjoin", j.getKey(), j.getValue());
        }
        boolean userns = ns.has("user");
        if (ns.creates("user")) {
            maps(w, "uidmap", linux.uidMappings());
            maps(w, "gidmap", linux.gidMappings());
        } else if (!linux.uidMappings().isEmpty() || !linux.gidMappings().isEmpty()) {
            throw new LaunchPlanException("linux.uidMappings: given without a new user namespace");
        }
        if (c.hostname() != null && !c.hostname().isEmpty()) {
            if (!ns.creates("uts")) {
                throw new LaunchPlanException("hostname: needs a new uts namespace");
            }
            w.line("hostname", c.hostname());
        }
        if (c.domainname() != null && !c.domainname().isEmpty()) {
            if (!ns.creates("uts")) {
                throw new LaunchPlanException("domainname: needs a new uts namespace");
            }
            w.line("sysctl", "kernel.domainname", c.domainname());
        }
        root(w, root);
        if (linux.rootfsPropagation() != null && !linux.rootfsPropagation().isEmpty()) {
            long flags = MountOptions.propagation(linux.rootfsPropagation(), "linux.rootfsPropagation");
            if ((flags & MountOptions.MS_SLAVE) != 0) {
                // The helper's default first step makes every mount private, which would leave a slave root
                // nothing to follow: make the tree slaves instead, so host mount events still arrive.
                w.line("propagation", MountOptions.MS_SLAVE | MountOptions.MS_REC);
            }
            w.line("rootpropagation", flags);
        }
        boolean devTmpfs = false;
        Set<Map.Entry<String, Path>> binds = new HashSet<>();
        for (int i = 0; i < c.mounts().size(); i++) {
            OciConfig.Mount m = c.mounts().get(i);
            String where = "mounts[" + i + "] (" + m.destination() + ")";
            devTmpfs |= mount(w, m, where, ctx, userns, ns.creates("cgroup"), binds);
        }
        devices(w, linux, devTmpfs, userns, binds);
        for (String p : linux.maskedPaths()) {
            w.line("mask", p);
        }
        for (String p : linux.readonlyPaths()) {
            w.line("readonly", p);
        }
        for (Map.Entry<String, String> s : new java.util.TreeMap<>(linux.sysctl()).entrySet()) {
            if (s.getKey().startsWith("net.") && !ns.creates("net")) {
                throw new LaunchPlanException("linux.sysctl: " + s.getKey() + " needs a new network namespace");
            }
            w.line("sysctl", s.getKey(), s.getValue());
        }
        if (c.root().readonly()) {
            w.line("readonly_root", 1);
        }
        if (ctx.pauseMounted()) {
            w.line("pause_mounted", 1);
        }
        process(w, c, seccomp, warn, apparmor);
        Supervision sv = ctx.relay() == null ? null : ctx.relay().supervision();
        stdio(w, c.process(), ctx, sv != null && sv.detach());
        if (ctx.fifo() != null) {
            w.line("fifo", ctx.fifo());
        }
        if (sv != null) {
            w.line("log", sv.log(), sv.logMax()).line("exit", sv.exit()).line("detach", sv.detach() ? 1 : 0);
            for (String a : sv.onExit()) {
                w.line("on_exit", a);
            }
        }
        w.line("reap", ctx.reap() ? 1 : 0);
        return w.finish();
    }

    /** The instructions to run {@code p} in the container whose first process is {@code pid}. */
    public static String exec(OciConfig c, long pid, OciProcess p, LaunchContext ctx, Optional<BpfProgram> seccomp,
                              Consumer<String> warn) {
        return exec(c, pid, p, ctx, seccomp, warn, Unsupported.APPARMOR);
    }

    /** As {@link #exec}, with AppArmor deemed enabled when {@code apparmor} exists. */
    static String exec(OciConfig c, long pid, OciProcess p, LaunchContext ctx, Optional<BpfProgram> seccomp,
                       Consumer<String> warn, Path apparmor) {
        Namespaces ns = Namespaces.of(c.linux());
        List<String> all = new java.util.ArrayList<>(ns.created());
        all.addAll(ns.joined().keySet());
        // A joined pid namespace is the target's already; entering the target's own covers both cases.
        ProtocolWriter w = new ProtocolWriter().line("mode", "exec").line("target", pid)
                .line("ns", String.join(",", all));
        process(w, new OciConfig(c.ociVersion(), p, c.root(), c.hostname(), c.domainname(), c.mounts(), c.hooks(),
                c.annotations(), c.linux()), seccomp, warn, apparmor);
        stdio(w, p, ctx, false);
        w.line("reap", ctx.reap() ? 1 : 0);
        return w.finish();
    }

    /** {@code root}, and how it becomes one: bound onto itself, or the overlay mounted on it. */
    private static void root(ProtocolWriter w, RootSource root) {
        w.line("root", root.dir());
        switch (root) {
            case RootSource.BundleDir b -> w.line("rootbind", 1);
            case RootSource.Overlay o -> {
                w.line("rootmount", "overlay", o.root().options(), o.root().chdir());
                // rootless: each layer attached id-mapped (host 0 → the sandbox's 0) where the options name it
                for (Map.Entry<Path, Path> e : o.root().idmapped().entrySet()) {
                    w.line("idmap_lower", e.getKey(), e.getValue());
                }
            }
        }
    }

    private static void maps(ProtocolWriter w, String key, List<IdMapping> maps) {
        if (maps.isEmpty()) {
            throw new LaunchPlanException("linux." + (key.startsWith("uid") ? "uidMappings" : "gidMappings")
                    + ": a new user namespace needs at least one mapping");
        }
        for (IdMapping m : maps) {
            w.line(key, m.containerID(), m.hostID(), m.size());
        }
    }

    /**
     * One entry of {@code mounts}; true when it is a fresh (non-bind) /dev that needs the default nodes. A bind
     * is remembered in {@code binds} (destination, source).
     */
    private static boolean mount(ProtocolWriter w, OciConfig.Mount m, String where, LaunchContext ctx,
                                 boolean userns, boolean cgroupns, Set<Map.Entry<String, Path>> binds) {
        if (m.destination() == null || !m.destination().startsWith("/")) {
            throw new LaunchPlanException(where + ": destination must be an absolute path");
        }
        if (m.uidMappings() != null && !m.uidMappings().isEmpty()
                || m.gidMappings() != null && !m.gidMappings().isEmpty()) {
            throw new LaunchPlanException(where + ": id-mapped mounts are not supported");
        }
        MountOptions o = MountOptions.parse(m.options(), where);
        String type = m.type() == null || m.type().isEmpty() ? (o.bind() ? "bind" : null) : m.type();
        if (type == null) {
            throw new LaunchPlanException(where + ": no type and no bind option");
        }
        if (o.copyUp() && (o.bind() || !type.equals("tmpfs"))) {
            throw new LaunchPlanException(where + ": option tmpcopyup needs a tmpfs mount, not " + type);
        }
        if (type.equals("cgroup") || type.equals("cgroup2")) {
            CgroupFs.write(w, ctx.layout(), ctx.cgroupPath(), !cgroupns ? CgroupFs.CgroupSource.BIND
                    : userns ? CgroupFs.CgroupSource.MOUNT_OR_BIND : CgroupFs.CgroupSource.MOUNT, !o.readOnly());
            return false;
        }
        if (type.equals("bind") || o.bind()) {
            if (m.source() == null || m.source().isEmpty()) {
                throw new LaunchPlanException(where + ": a bind mount needs a source");
            }
            Path src = ctx.bundle().resolve(m.source()).normalize();
            if (!Files.exists(src)) {
                throw new LaunchPlanException(where + ": source " + src + " does not exist");
            }
            long flags = o.flags() | MountOptions.MS_BIND;
            w.line("mount", src, m.destination(), null, flags, null, Files.isDirectory(src) ? "dir" : "file");
            binds.add(Map.entry(m.destination(), src));
        } else {
            w.line("mount", m.source() == null || m.source().isEmpty() ? type : m.source(), m.destination(), type,
                    o.flags(), o.data(), "dir");
            if (o.copyUp()) {
                w.line("copyup", m.destination());
            }
        }
        if (o.propagation() != 0) {
            w.line("propagate", m.destination(), o.propagation());
        }
        return m.destination().equals(DEV) && !o.bind();
    }

    /**
     * A fresh /dev gets runc's default nodes, then {@code linux.devices}, and the standard links; in a user
     * namespace, where mknod is impossible, nodes are bound from the host instead — but not again where
     * {@code mounts} already bound that host node there ({@code binds}: podman's and edgefusion's rootless
     * configs list them as mounts, right after /dev, so a later mount over one still wins).
     */
    private static void devices(ProtocolWriter w, Linux linux, boolean devTmpfs, boolean userns,
                                Set<Map.Entry<String, Path>> binds) {
        List<DevicePolicy.Node> nodes = new java.util.ArrayList<>(devTmpfs ? DevicePolicy.DEFAULT_NODES : List.of());
        for (int i = 0; i < linux.devices().size(); i++) {
            Linux.Device d = linux.devices().get(i);
            String where = "linux.devices[" + i + "] (" + d.path() + ")";
            if (d.path() == null || !d.path().startsWith("/dev/")) {
                throw new LaunchPlanException(where + ": path must be under /dev");
            }
            char type = switch (d.type() == null ? "" : d.type()) {
                case "c", "u" -> 'c';
                case "b" -> 'b';
                case "p" -> throw new LaunchPlanException(where + ": FIFO devices are not supported");
                default -> throw new LaunchPlanException(where + ": type " + d.type() + " (expected c, b, u or p)");
            };
            nodes.removeIf(n -> n.path().equals(d.path()));
            nodes.add(new DevicePolicy.Node(d.path(), d.path(), type, d.major(), d.minor(),
                    d.fileMode() == null ? 0666 : d.fileMode() & 07777));
        }
        for (DevicePolicy.Node n : nodes) {
            if (!userns) {
                w.line("mknod", n.path(), String.valueOf(n.type()), n.major(), n.minor(),
                        Integer.toOctalString(n.mode()));
            } else if (n.hostPath() != null && Files.exists(Path.of(n.hostPath()))
                    && !binds.contains(Map.entry(n.path(), Path.of(n.hostPath())))) {
                w.line("mount", n.hostPath(), n.path(), null, MountOptions.MS_BIND, null, "file");
            }
        }
        if (devTmpfs) {
            w.line("symlink", "pts/ptmx", "/dev/ptmx").line("symlink", "/proc/self/fd", "/dev/fd")
                    .line("symlink", "/proc/self/fd/0", "/dev/stdin").line("symlink", "/proc/self/fd/1", "/dev/stdout")
                    .line("symlink", "/proc/self/fd/2", "/dev/stderr");
        }
    }

    private static void process(ProtocolWriter w, OciConfig c, Optional<BpfProgram> seccomp, Consumer<String> warn,
                                Path apparmor) {
        OciProcess p = c.process();
        if (p.args().isEmpty()) {
            throw new LaunchPlanException("process.args: empty");
        }
        if (p.cwd() == null || !p.cwd().startsWith("/")) {
            throw new LaunchPlanException("process.cwd: must be an absolute path, not " + p.cwd());
        }
        for (String a : p.args()) {
            w.line("arg", a);
        }
        for (String e : p.env()) {
            if (e.indexOf('=') <= 0) {
                throw new LaunchPlanException("process.env: " + e + " is not NAME=VALUE");
            }
            w.line("env", e);
        }
        OciProcess.User u = p.user();
        if (u.username() != null && !u.username().isEmpty()) {
            throw new LaunchPlanException("process.user.username: Windows only; give uid and gid");
        }
        w.line("cwd", p.cwd()).line("user", u.uid(), u.gid());
        w.line("groups", u.additionalGids().isEmpty() ? null
                : u.additionalGids().stream().map(String::valueOf).collect(Collectors.joining(",")));
        CapabilitySets caps = CapabilitySets.of(p.capabilities(), warn);
        w.line("caps", Long.toHexString(caps.bounding()), Long.toHexString(caps.effective()),
                Long.toHexString(caps.permitted()), Long.toHexString(caps.inheritable()),
                Long.toHexString(caps.ambient()));
        w.line("no_new_privs", p.noNewPrivileges() ? 1 : 0);
        if (p.apparmorProfile() != null && !p.apparmorProfile().isEmpty()) {
            w.line("apparmor", p.apparmorProfile()); // where AppArmor is absent, Unsupported.check refuses it
        }
        seccomp.ifPresent(s -> w.line("seccomp", s.hex()));
        for (OciProcess.Rlimit r : p.rlimits()) {
            String name = r.type() == null ? "" : r.type().toLowerCase(java.util.Locale.ROOT).replace("rlimit_", "");
            int res = Rlimits.number(name);
            if (res < 0) {
                throw new LaunchPlanException("process.rlimits: unknown type " + r.type());
            }
            w.line("rlimit", res, r.soft(), r.hard());
        }
        if (u.umask() != null) {
            w.line("umask", Integer.toOctalString(u.umask()));
        }
        Linux.Personality per = c.linux().personality();
        if (per != null) {
            w.line("personality", Long.toHexString(Personality.of(per)));
        }
        Unsupported.check(p, c.linux(), apparmor);
    }

    /** The process's stdio; {@code detached}: the helper's own are /dev/null, nothing is handed. */
    private static void stdio(ProtocolWriter w, OciProcess p, LaunchContext ctx, boolean detached) {
        if (ctx.relay() != null) {
            relayed(w, p.terminal(), ctx.relay(), detached ? HandedFds.NONE : ctx.stdio());
            return;
        }
        if (p.terminal()) {
            if (ctx.consoleSocket() == null) {
                throw new LaunchPlanException("process.terminal: true needs --console-socket");
            }
            // The pty is all of its stdio; a handed stderr would stay open in the waiting process and keep the
            // caller (containerd's shim reads create's stderr to its end) from ever seeing create finish.
            w.line("tty", 1).line("console_socket", ctx.consoleSocket());
        } else if (ctx.consoleSocket() != null) {
            throw new LaunchPlanException("--console-socket: given, but process.terminal is false");
        } else if (ctx.stdio().any()) {
            w.line("stdio", ctx.stdio().pid(), fd(ctx.stdio().in()), fd(ctx.stdio().out()), fd(ctx.stdio().err()));
        }
        for (int fd : ctx.preservedFds()) {
            w.line("fd", ctx.stdio().pid(), fd, fd);
        }
    }

    /**
     * {@code -t}: a pty of the sandbox's own; {@code -i}: stdin attached; the caller's terminal, if any; the
     * caller's handed fds: stdin only with {@code -i}, stdout only without {@code -t} (the pty is all of the
     * workload's stdio then; a handed stderr is still the helper's own).
     */
    private static void relayed(ProtocolWriter w, boolean tty, Relay relay, HandedFds handed) {
        if (tty) {
            w.line("tty", 1);
        }
        if (relay.interactive()) {
            w.line("stdin", 1);
        }
        int in = relay.interactive() && !tty ? handed.in() : -1;
        int out = tty ? -1 : handed.out();
        if (in >= 0 || out >= 0 || handed.err() >= 0) {
            w.line("stdio", handed.pid(), fd(in), fd(out), fd(handed.err()));
        }
        if (tty && relay.terminal() != null) {
            w.line("console", relay.terminal().input());
            if (relay.terminal().output() != null) {
                w.line("output", relay.terminal().output());
            }
        }
    }

    private static Integer fd(int fd) {
        return fd < 0 ? null : fd;
    }
}
