package io.edgefusion.cli.sandbox;

import io.edgefusion.cli.Caller;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.runtime.Launcher;
import io.edgefusion.runtime.rootfs.RootfsSource;
import io.edgefusion.runtime.spec.EnvAssignments;
import io.edgefusion.runtime.spec.GcTrace;
import io.edgefusion.runtime.spec.LaunchRequest;
import io.edgefusion.runtime.spec.SandboxOptions;
import io.edgefusion.sandbox.LimitRules;
import io.edgefusion.sandbox.Sizes;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.Capabilities;
import io.edgefusion.sandbox.spec.DeviceSpec;
import io.edgefusion.sandbox.spec.Security;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.NetworkJoin;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Stdio;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
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
                "The sandbox's first process leads its own session: it never has your terminal. Without -t it"
                        + " writes to your own stdout and stderr when they are pipes or files (stdin too with -i),"
                        + " and through relayed pipes when they are a terminal; -t gives it a pty of its own,"
                        + " relayed. Attached, SIGINT,"
                        + " SIGTERM and SIGHUP sent to edgefusion are forwarded to the workload (docker's"
                        + " sig-proxy) and edgefusion waits for it to exit.",
                "",
                "Exit code: the workload's (128+N if killed by signal N); 125 if EdgeFusion failed, 126 if CMD"
                        + " cannot be executed, 127 if CMD is not found in the sandbox."},
        footer = {"", "Examples:",
                "  edgefusion run --rm builtin:busybox -- echo hello",
                "  edgefusion run --rm -it builtin:busybox -- sh",
                "  printf 'a\\nb\\n' | edgefusion run --rm -i builtin:busybox -- wc -l",
                "  edgefusion run -d --name web -m 128m --cpus 0.5 ./rootfs -- httpd -f",
                "  edgefusion run --rm --pids-limit 64 --hostname box builtin:busybox hostname",
                "  edgefusion run --rm --mount type=bind,src=$PWD,dst=/w,ro -w /w ./rootfs ls",
                "  edgefusion run --rm --rootless builtin:busybox -- id",
                "  edgefusion run --rm --tmpfs /run:rw,size=1m builtin:busybox -- df /run",
                "  edgefusion run --rm --device /dev/loop0:/dev/xvda:r ./rootfs -- ls -l /dev",
                "  edgefusion run --rm --security-opt seccomp=./policy.json ./rootfs -- ls",
                "  edgefusion run -d --network bridge -p 127.0.0.1:8080:80 ./rootfs -- httpd -f",
                "  edgefusion run --network bridge --add-host db:10.0.0.5 ./rootfs cat /etc/hosts",
                "  edgefusion run --network bridge --dns 9.9.9.9 ./rootfs cat /etc/resolv.conf",
                "",
                "-h is --help, as for every command (docker's run -h is the hostname: use --hostname).",
                "",
                "Devices: /dev is a tmpfs with null, zero, full, random, urandom, tty, its own pts, shm and mqueue;"
                        + " a device cgroup lets the sandbox open only those (and what --device grants), and"
                        + " create (mknod) but never open any other node. /sys/fs/cgroup shows the sandbox's own"
                        + " cgroups, read-only."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;


    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the sandbox id.")
    boolean detach;

    @Option(names = {"-i", "--interactive"}, description = "Attach stdin (otherwise it is the sandbox's /dev/null)."
            + " Not with -d.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Give the workload a terminal: a pty of the sandbox's own devpts"
            + " (/dev/pts/0), relayed to yours, which is in raw mode with -i and whose size it follows. Not with -d.")
    boolean tty;

    @Option(names = "--name", description = "Unique name: 1-128 of [a-zA-Z0-9_.-], starting with a letter or"
            + " digit (default: ef-<short id>).")
    String name;

    @Option(names = "--restart", paramLabel = "POLICY", description = "no (default), on-failure[:N] or always:"
            + " the node serving this root restarts the sandbox by the policy when it exits (backoff 100 ms"
            + " doubling to 10 s, reset after 10 s up). Needs -d and a running node (edgefusion node).")
    String restart;

    @Option(names = "--rm", description = "Remove the sandbox when it exits (detached: its reaper does it,"
            + " no ps needed).")
    boolean rm;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU quota in CPUs, e.g. 0.5 (100 ms period); at"
            + " most the host's online CPUs.")
    String cpus;

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

    @Option(names = "--memory-reservation", paramLabel = "SIZE", description = "Soft limit (v1) / memory.low (v2);"
            + " not above --memory.")
    String memoryReservation;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Maximum number of tasks; -1 for unlimited.")
    Long pidsLimit;

    @Option(names = "--hostname", paramLabel = "NAME", description = "Hostname (default: the short id). Long form"
            + " only: -h means --help here, unlike docker run's -h.")
    String hostname;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Environment variable (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the sandbox.")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User (number or name from the"
            + " sandbox's /etc/passwd).")
    String user;

    @Option(names = "--network", paramLabel = "MODE", description = "none (own namespace, only lo; default), host,"
            + " bridge (the default CNI network edgefusion0) or the name of a network (edgefusion network create).")
    String network = "none";

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:]HOST:CONTAINER[/tcp|udp]", description = "Publish a"
            + " port of the sandbox on the host (repeatable; needs a bridge network).")
    List<String> publish = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "IP", description = "Nameserver for the sandbox's /etc/resolv.conf"
            + " (repeatable; default: the host's, minus loopback resolvers).")
    List<String> dns = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "NAME:IP", description = "Extra /etc/hosts line (repeatable).")
    List<String> addHosts = new ArrayList<>();

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

    @Option(names = "--mount", paramLabel = "SPEC", description = "type=bind,src=HOST,dst=PATH[,ro]"
            + "[,bind-propagation=rprivate] or type=tmpfs,dst=PATH[,tmpfs-size=SIZE][,tmpfs-mode=OCTAL][,ro]"
            + " (docker's keys; src|source, dst|destination|target, ro|readonly). A ro bind is read-only"
            + " recursively: submounts of HOST too. Unknown and volume keys are refused.")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "DIR[:OPTS]", description = "Mount an empty tmpfs at DIR; OPTS are"
            + " comma-separated size, mode, uid, gid, nr_inodes, noexec|exec, nosuid|suid, nodev|dev, ro|rw"
            + " (default: nosuid,nodev,noexec,mode=1777,size=64m).")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--device", paramLabel = "HOST[:CONTAINER][:rwm]", description = "Give the sandbox a host"
            + " device: its node at CONTAINER (default: HOST) and a device-cgroup rule for exactly it"
            + " (r read, w write, m mknod; default rwm).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--privileged", description = "Give up the sandbox's device and kernel-interface"
            + " protection: all capabilities, every host device, no device cgroup, no masked or read-only"
            + " paths, writable /sys and /sys/fs/cgroup (see docs/sandboxes.md).")
    boolean privileged;

    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "Resource limit, e.g."
            + " nofile=1024:4096.")
    List<String> ulimits = new ArrayList<>();

    @Option(names = "--security-opt", paramLabel = "OPT", description = "seccomp=unconfined (no filter),"
            + " seccomp=FILE (a policy in docker's/OCI JSON format instead of the default, which is docker's), or"
            + " no-new-privileges[=true|false] (default true). Repeatable.")
    List<String> securityOpts = new ArrayList<>();

    @Option(names = "--no-ergonomics", description = "Do not inject GOMAXPROCS, GOMEMLIMIT, JAVA_TOOL_OPTIONS.")
    boolean noErgonomics;

    @Option(names = "--gc-trace", description = "Turn GC tracing on for diagnose throttling: GODEBUG gets"
            + " gctrace=1 (Go), JDK_JAVA_OPTIONS gets -Xlog:gc,gc+init:stderr:utctime (JVM); both go to the log.")
    boolean gcTrace;

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
        RestartRequest restartPolicy = RestartRequest.check(restart, root.path(), detach, rm);
        Launcher launcher = new Launcher(sandboxes, root.path(), Caller.cwd(), InstantSource.system());
        RootfsSource resolved = launcher.resolve(rootfs);
        SandboxSpec s = launcher.spec(resolved, request(Caller.env()));
        if (gcTrace) {
            // over the image's env too, so an image's own GODEBUG keeps its other settings
            s = s.withEnv(GcTrace.apply(s.env()));
        }
        Signals signals = detach ? Signals.none(Caller.current().out())
                : Signals.attach(s.stdio(), Caller.current());
        Sandboxes.RunResult r;
        try {
            r = launcher.start(resolved, s, detach, signals.io());
        } finally {
            signals.close();
        }
        if (restartPolicy != null) {
            restartPolicy.send(r.id());
        }
        if (detach) {
            spec.commandLine().getOut().println(r.id());
            spec.commandLine().getOut().flush();
        }
        return r.exitCode();
    }

    /** The flags as a launch request; an image's defaults (entrypoint, cmd, env, workdir, user) go under them. */
    LaunchRequest request(Map<String, String> callerEnv) {
        Map<String, String> envMap = EnvAssignments.parse("--env", env, callerEnv);
        List<MountSpec> ms = new ArrayList<>();
        for (String m : mounts) {
            ms.add(MountSpec.parseMount(m, Caller.cwd()));
        }
        for (String t : tmpfs) {
            ms.add(MountSpec.parseTmpfs(t));
        }
        List<DeviceSpec> devs = new ArrayList<>();
        for (String d : devices) {
            devs.add(DeviceSpec.parse(d));
        }
        Set<String> add = new LinkedHashSet<>();
        capAdd.forEach(c -> add.add(Capabilities.canonical(c, "--cap-add")));
        Set<String> drop = new LinkedHashSet<>();
        capDrop.forEach(c -> drop.add(Capabilities.canonical(c, "--cap-drop")));
        LimitSettings limits = limits();
        NetworkJoin.Choice net = NetworkJoin.parse(network, publish, dns, addHosts);
        List<SandboxSpec.Rlimit> rl = rlimits();
        Security security = SecurityOpts.parse(securityOpts).withPrivileged(privileged);
        SandboxOptions options = new SandboxOptions(hostname, net.mode(), readOnly, rootless, add, drop, ms, rl,
                !noErgonomics, new Stdio(interactive, tty), security, devs, net.join());
        return new LaunchRequest(rootfs, name, withoutSeparator(command), envMap, workdir, user, limits, detach, rm,
                options);
    }

    private LimitSettings limits() {
        LimitSettings l = LimitSettings.none();
        if (memory != null) {
            long m = Sizes.parse("--memory", memory);
            LimitRules.memory(memory, m);
            l = l.withMemory(m);
        }
        if (memorySwap != null) {
            l = l.withMemorySwap(Sizes.parse("--memory-swap", memorySwap));
        }
        if (memoryReservation != null) {
            long r = Sizes.parse("--memory-reservation", memoryReservation);
            if (memory != null) {
                LimitRules.reservation(memoryReservation, r, memory, l.memoryBytes().orElseThrow());
            }
            l = l.withMemoryReservation(r);
        }
        if (cpus != null) {
            double n;
            try {
                n = Double.parseDouble(cpus.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--cpus " + cpus + ": not a number");
            }
            LimitRules.cpus(cpus, n);
            l = l.withCpus(n);
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
