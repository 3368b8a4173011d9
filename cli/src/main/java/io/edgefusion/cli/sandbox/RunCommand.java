package io.edgefusion.cli.sandbox;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.Capabilities;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.SandboxSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code edgefusion run}: a workload in namespaces, cgroup limits and an overlay root. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
                "Run CMD in a new sandbox: its own PID, UTS, IPC, mount, cgroup and (with --network none) network"
                        + " namespaces, a cgroup with the given limits, and an overlay root whose lower layer is"
                        + " ROOTFS (never modified: writes go to a per-sandbox upper directory).",
                "",
                "ROOTFS is a directory, or builtin:busybox (assembled from the host's busybox-static). Unless"
                        + " --no-ergonomics, the sandbox's environment gets GOMAXPROCS, GOMEMLIMIT and"
                        + " JAVA_TOOL_OPTIONS computed from its own limits.",
                "",
                "Exit code: the workload's (128+N if killed by signal N); 125 if EdgeFusion failed, 126 if CMD"
                        + " cannot be executed, 127 if CMD is not found in the sandbox."},
        footer = {"", "Examples:",
                "  edgefusion run --rm builtin:busybox -- echo hello",
                "  edgefusion run -d --name web --memory 128m --cpus 0.5 --pids-limit 64 ./rootfs -- httpd -f",
                "  edgefusion run --rm --mount type=bind,src=$PWD,dst=/work,ro -w /work builtin:busybox -- ls",
                "  edgefusion run --rm --rootless builtin:busybox -- id",
                "  edgefusion run --rm --security-opt seccomp=./policy.json builtin:busybox -- ls"})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the sandbox id.")
    boolean detach;

    @Option(names = "--name", description = "Unique name (default: ef-<short id>).")
    String name;

    @Option(names = "--rm", description = "Remove the sandbox when it exits.")
    boolean rm;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU quota in CPUs, e.g. 0.5 (100 ms period).")
    Double cpus;

    static final class Share {
        @Option(names = "--cpu-shares", paramLabel = "N", description = "v1 shares 2..262144 (converted on v2).")
        Long shares;
        @Option(names = "--cpu-weight", paramLabel = "N", description = "v2 weight 1..10000 (converted on v1).")
        Long weight;
    }

    @ArgGroup(exclusive = true)
    Share share = new Share();

    @Option(names = "--cpuset-cpus", paramLabel = "LIST", description = "CPUs allowed, e.g. 0-1.")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", paramLabel = "LIST", description = "Memory nodes allowed (default: 0 or the"
            + " parent's).")
    String cpusetMems;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory limit, e.g. 128m (minimum 6m).")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "SIZE", description = "Memory plus swap; -1 for unlimited swap.")
    String memorySwap;

    @Option(names = "--memory-reservation", paramLabel = "SIZE", description = "Soft limit (v1) / memory.low (v2).")
    String memoryReservation;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Maximum number of tasks; -1 for unlimited.")
    Long pidsLimit;

    @Option(names = {"-h", "--hostname"}, description = "Hostname (default: the short id).")
    String hostname;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Environment variable (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the sandbox.")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User (number or name from the"
            + " sandbox's /etc/passwd).")
    String user;

    @Option(names = "--network", paramLabel = "MODE", description = "none (own namespace, only lo; default) or host.")
    String network = "none";

    @Option(names = "--read-only", description = "Mount the root filesystem read-only.")
    boolean readOnly;

    @Option(names = "--rootless", description = "Run in a user namespace: sandbox ids 0-65535 map to host ids"
            + " 100000-165535.")
    boolean rootless;

    @Option(names = "--cap-add", paramLabel = "CAP", description = "Add a capability (or ALL) to docker's default"
            + " set.")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAP", description = "Drop a capability (or ALL).")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "SPEC", description = "type=bind,src=HOST,dst=PATH[,ro] or"
            + " type=tmpfs,dst=PATH.")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "DIR", description = "Mount an empty tmpfs at DIR.")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "Resource limit, e.g."
            + " nofile=1024:4096.")
    List<String> ulimits = new ArrayList<>();

    @Option(names = "--security-opt", paramLabel = "OPT", description = "seccomp=unconfined (no filter),"
            + " seccomp=FILE (a policy in docker's/OCI JSON format instead of the default, which is docker's), or"
            + " no-new-privileges[=true|false] (default true). Repeatable.")
    List<String> securityOpts = new ArrayList<>();

    @Option(names = "--no-ergonomics", description = "Do not inject GOMAXPROCS, GOMEMLIMIT, JAVA_TOOL_OPTIONS.")
    boolean noErgonomics;

    @Parameters(index = "0", paramLabel = "ROOTFS", description = "Root filesystem directory, builtin:busybox, or an"
            + " image from the store (name:tag or id).")
    String rootfs;

    /** With stop-at-positional parsing a literal "--" after ROOTFS/SANDBOX arrives here; it only separates. */
    static List<String> withoutSeparator(List<String> cmd) {
        return !cmd.isEmpty() && cmd.getFirst().equals("--") ? cmd.subList(1, cmd.size()) : cmd;
    }

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments.")
    List<String> command = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Sandboxes sandboxes = root.sandboxes();
        RootfsResolver resolved = RootfsResolver.resolve(rootfs, root.path());
        SandboxSpec s = build(resolved);
        if (!detach) {
            Signals.ignoreInterruptWhileAttached();
        }
        // Hold the image's layers from before the sandbox exists until it is removed.
        String pending = ImageHolds.PREFIX + "pending-" + ProcessHandle.current().pid();
        resolved.image().ifPresent(i -> ImageHolds.hold(resolved.store().orElseThrow(), pending, i));
        Sandboxes.RunResult r;
        try {
            r = sandboxes.run(s, detach, System.out);
            if (resolved.image().isPresent() && !(rm && !detach)) {
                ImageHolds.hold(resolved.store().orElseThrow(), ImageHolds.holder(r.id()), resolved.image().get());
            }
        } finally {
            resolved.store().ifPresent(st -> st.gc().release(pending));
        }
        if (detach) {
            spec.commandLine().getOut().println(r.id());
            spec.commandLine().getOut().flush();
        }
        return r.exitCode();
    }

    /** The spec; an image supplies defaults (entrypoint, cmd, env, workdir, user) that flags override. */
    SandboxSpec build(RootfsResolver resolved) {
        Map<String, String> envMap = new LinkedHashMap<>();
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                String v = System.getenv(kv);
                if (v == null) {
                    continue; // docker: -e NAME passes the caller's value, if any
                }
                envMap.put(kv, v);
            } else {
                envMap.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        List<MountSpec> ms = new ArrayList<>();
        for (String m : mounts) {
            ms.add(MountSpec.parseMount(m));
        }
        for (String t : tmpfs) {
            ms.add(MountSpec.parseMount("type=tmpfs,dst=" + t));
        }
        Set<String> add = new LinkedHashSet<>();
        capAdd.forEach(c -> add.add(Capabilities.canonical(c, "--cap-add")));
        Set<String> drop = new LinkedHashSet<>();
        capDrop.forEach(c -> drop.add(Capabilities.canonical(c, "--cap-drop")));
        List<String> argv = withoutSeparator(command);
        String wd = workdir;
        String usr = user;
        String imageRef = null;
        if (resolved.image().isPresent()) {
            var config = resolved.image().get().config();
            Map<String, String> merged = new LinkedHashMap<>();
            for (String kv : config.env()) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    merged.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            merged.putAll(envMap);
            envMap = merged;
            List<String> full = new ArrayList<>(config.entrypoint());
            full.addAll(argv.isEmpty() ? config.cmd() : argv);
            argv = full;
            if (wd == null && config.workingDir() != null && !config.workingDir().isEmpty()) {
                wd = config.workingDir();
            }
            if (usr == null && config.user() != null && !config.user().isEmpty()) {
                usr = config.user();
            }
            imageRef = rootfs;
        }
        return new SandboxSpec(name, resolved.layers(), argv, envMap, wd, usr, hostname, limits(),
                Network.parse(network), readOnly, rootless, add, drop, ms, rlimits(), !noErgonomics, rm, imageRef,
                null, null, SecurityOpts.parse(securityOpts), null);
    }

    private LimitSettings limits() {
        LimitSettings l = LimitSettings.none();
        if (memory != null) {
            l = l.withMemory(Sizes.parse("--memory", memory));
        }
        if (memorySwap != null) {
            l = l.withMemorySwap(Sizes.parse("--memory-swap", memorySwap));
        }
        if (memoryReservation != null) {
            l = l.withMemoryReservation(Sizes.parse("--memory-reservation", memoryReservation));
        }
        if (cpus != null) {
            if (!(cpus > 0) || cpus.isInfinite()) {
                throw new IllegalArgumentException("--cpus " + cpus + ": must be a positive number of CPUs");
            }
            l = l.withCpus(cpus);
        }
        if (share.shares != null) {
            l = l.withCpuShares(share.shares);
        }
        if (share.weight != null) {
            l = l.withCpuWeight(share.weight);
        }
        if (cpusetCpus != null || cpusetMems != null) {
            l = l.withCpuset(cpusetCpus, cpusetMems);
        }
        if (pidsLimit != null) {
            l = l.withPidsMax(pidsLimit);
        }
        return l;
    }

    private List<SandboxSpec.Rlimit> rlimits() {
        List<SandboxSpec.Rlimit> out = new ArrayList<>();
        for (String u : ulimits) {
            String[] kv = u.split("=", 2);
            String[] sh = kv.length == 2 ? kv[1].split(":", 2) : new String[0];
            try {
                long soft = Long.parseLong(sh[0]);
                long hard = sh.length == 2 ? Long.parseLong(sh[1]) : soft;
                out.add(new SandboxSpec.Rlimit(kv[0], soft, hard));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--ulimit " + u + ": expected NAME=SOFT[:HARD]");
            }
        }
        return out;
    }
}
