package io.edgefusion.cli.diagnose;

import io.edgefusion.cli.Caller;
import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.sandbox.SecurityOpts;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.runtime.Launcher;
import io.edgefusion.runtime.diagnose.trace.CallResult;
import io.edgefusion.runtime.diagnose.trace.PathDifference;
import io.edgefusion.runtime.diagnose.trace.PathOutcome;
import io.edgefusion.runtime.diagnose.trace.StraceRunner;
import io.edgefusion.runtime.diagnose.trace.TraceComparison;
import io.edgefusion.runtime.diagnose.trace.TraceJson;
import io.edgefusion.runtime.diagnose.trace.TraceSide;
import io.edgefusion.runtime.rootfs.RootfsSource;
import io.edgefusion.runtime.spec.EnvAssignments;
import io.edgefusion.runtime.spec.LaunchRequest;
import io.edgefusion.runtime.spec.SandboxOptions;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.NetworkJoin;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Stdio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code edgefusion trace --compare}: one command's path lookups inside a sandbox against the host's. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {
                "Run CMD twice under strace (Debian's /usr/bin/strace) — once in a sandbox of ROOTFS, once on the"
                        + " host (or in a sandbox of --against) — tracing open/openat/openat2, stat/lstat/"
                        + "newfstatat/statx, execve and connect, and show the paths whose resolution differs: found"
                        + " on one side and ENOENT on the other, refused (EACCES/EPERM), another file (stat's"
                        + " device and inode, or the opened fd's path), or a path that differs only by a"
                        + " /proc/PID/root prefix.",
                "",
                "strace runs on the host and attaches to the sandbox's first process before it takes its first"
                        + " step, so nothing is added to the sandbox and its security settings stay as given; the"
                        + " host run uses your working directory and environment (plus -e). The workloads' output"
                        + " is not printed.",
                "",
                "Exit code: 0 no path resolves differently, 1 some do, 125 bad input or strace failed."},
        footer = {"", "Examples:",
                "  edgefusion trace --compare builtin:busybox -- cat /etc/hostname",
                "  edgefusion trace --compare --json builtin:busybox -- stat /etc/passwd",
                "  edgefusion trace --compare --all --against ./rootfs builtin:busybox -- ls /lib",
                "  edgefusion trace --compare -v /etc:/h:ro builtin:busybox -- cat /h/hostname"})
public final class TraceCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--compare", required = true, description = "Compare the sandbox's lookups with the host's"
            + " (or --against's): the one mode of trace.")
    boolean compare;

    @Option(names = "--against", paramLabel = "ROOTFS|IMAGE", description = "Compare with a sandbox of this root"
            + " (same options) instead of the host.")
    String against;

    @Option(names = "--json", description = "Print one JSON document (schema edgefusion.trace/v1,"
            + " docs/json/trace.md).")
    boolean json;

    @Option(names = "--all", description = "Also list the paths only one side looked up.")
    boolean all;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Environment variable (repeatable), for"
            + " both runs.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the sandbox.")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User inside the sandbox.")
    String user;

    @Option(names = "--network", paramLabel = "MODE", description = "none (default), host, bridge or a network's name.")
    String network = "none";

    @Option(names = "--read-only", description = "Mount the sandbox's root read-only.")
    boolean readOnly;

    @Option(names = "--rootless", description = "Run the sandbox in a user namespace (ids 0-65535 map to"
            + " 100000-165535).")
    boolean rootless;

    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:DST[:ro]", description = "Bind HOST at DST in the sandbox"
            + " (repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "SPEC", description = "As run's --mount (repeatable).")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--security-opt", paramLabel = "OPT", description = "As run's: seccomp=unconfined|FILE,"
            + " no-new-privileges[=true|false].")
    List<String> securityOpts = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "ROOTFS|IMAGE", description = "Root filesystem directory,"
            + " builtin:busybox, or an image from the store.")
    String rootfs;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments (default: the image's).")
    List<String> command = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        io.edgefusion.kernel.sys.Platform.requireLinux("edgefusion trace");
        StraceRunner.requireStrace();
        Sandboxes sandboxes = root.sandboxes();
        Launcher launcher = new Launcher(sandboxes, root.path(), Caller.cwd(), InstantSource.system());
        Map<String, String> assigned = EnvAssignments.parse("--env", env, Caller.env());
        RootfsSource inSrc = launcher.resolve(rootfs);
        RootfsSource outSrc = against == null ? null : launcher.resolve(against);
        LaunchRequest req = request(assigned);
        SandboxSpec inSpec = launcher.spec(inSrc, req);
        if (inSpec.command().isEmpty()) {
            throw new IllegalArgumentException(rootfs + ": no CMD given and no image command to run");
        }
        SandboxSpec outSpec = outSrc == null ? null : launcher.spec(outSrc, req);
        TraceSide inside = StraceRunner.inSandbox(sandboxes, root.path(), Caller.cwd(), inSrc, inSpec,
                InstantSource.system());
        TraceSide outside;
        if (outSrc != null) {
            outside = StraceRunner.inSandbox(sandboxes, root.path(), Caller.cwd(), outSrc, outSpec,
                    InstantSource.system());
        } else {
            Map<String, String> hostEnv = new HashMap<>(Caller.env());
            hostEnv.putAll(assigned);
            outside = StraceRunner.onHost(inSpec.command(), hostEnv, Caller.cwd());
        }
        TraceComparison.Report report = TraceComparison.compare(inside.events(), outside.events());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(TraceJson.document(inSpec.command(), inside, outside, report).toPrettyString());
        } else {
            print(out, inSpec.command(), inside, outside, report);
        }
        out.flush();
        return report.differences().isEmpty() ? 0 : 1;
    }

    private LaunchRequest request(Map<String, String> assigned) {
        List<MountSpec> ms = new ArrayList<>();
        for (String v : volumes) {
            ms.add(MountSpec.parseMount(volume(v), Caller.cwd()));
        }
        for (String m : mounts) {
            ms.add(MountSpec.parseMount(m, Caller.cwd()));
        }
        NetworkJoin.Choice net = NetworkJoin.parse(network, List.of(), List.of(), List.of());
        SandboxOptions o = new SandboxOptions(null, net.mode(), readOnly, rootless, Set.of(), Set.of(),
                ms, List.of(), true, new Stdio(false, false), SecurityOpts.parse(securityOpts), List.of(), net.join());
        List<String> cmd = !command.isEmpty() && command.getFirst().equals("--")
                ? command.subList(1, command.size()) : command;
        return new LaunchRequest(rootfs, null, cmd, assigned, workdir, user, LimitSettings.none(), false, true, o);
    }

    /** docker's {@code -v HOST:DST[:ro|rw]} as a {@code --mount} bind. */
    static String volume(String v) {
        String[] p = v.split(":", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()
                || (p.length == 3 && !p[2].equals("ro") && !p[2].equals("rw"))) {
            throw new IllegalArgumentException("--volume " + v + ": expected HOST:DST[:ro|rw]");
        }
        return "type=bind,src=" + p[0] + ",dst=" + p[1] + (p.length == 3 && p[2].equals("ro") ? ",ro" : "");
    }

    private void print(PrintWriter out, List<String> cmd, TraceSide in, TraceSide o, TraceComparison.Report r) {
        out.println("trace of: " + String.join(" ", cmd));
        out.println("  inside:  sandbox of " + in.source() + ", exit " + in.exitCode() + ", " + in.events().size()
                + " lookups");
        out.println("  outside: " + (o.source() == null ? "the host" : "sandbox of " + o.source()) + ", exit "
                + o.exitCode() + ", " + o.events().size() + " lookups");
        out.println();
        if (r.differences().isEmpty()) {
            out.println("No path both looked up resolves differently.");
        } else {
            Table t = new Table("CALL", "PATH", "INSIDE", "OUTSIDE", "DIFFERENCE");
            for (PathDifference d : r.differences()) {
                t.row(d.op().label(), d.path(), result(d.inside()), result(d.outside()), d.kind().description());
            }
            t.print(out, "");
        }
        out.println();
        out.println(count(r.differences().size(), "path differs", "paths differ") + ", "
                + count(r.same(), "resolves", "resolve") + " the same"
                + (r.unverified() == 0 ? "" : " (" + r.unverified() + " by fd path only: with no stat on one side,"
                        + " maybe another file of that name)") + ";");
        out.println(count(r.onlyInside().size(), "path", "paths") + " looked up only inside, "
                + r.onlyOutside().size() + " only outside" + (all ? "" : " (--all lists them)"));
        if (all) {
            only(out, "Only inside:", r.onlyInside());
            only(out, "Only outside:", r.onlyOutside());
        }
    }

    private static void only(PrintWriter out, String title, List<PathOutcome> list) {
        if (list.isEmpty()) {
            return;
        }
        out.println();
        out.println(title);
        Table t = new Table("CALL", "PATH", "RESULT");
        list.forEach(p -> t.row(p.op().label(), p.path(), result(p)));
        t.print(out, "  ");
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String result(PathOutcome o) {
        return switch (o.result()) {
            case CallResult.Found f -> "found" + (f.resolved() == null || f.resolved().equals(o.path()) ? ""
                    : " " + f.resolved()) + (f.id() == null ? "" : " (" + f.id() + ")");
            case CallResult.Failed f -> f.errno();
            case CallResult.Unknown u -> "?";
        };
    }
}
