package io.edgefusion.cli.resources;

import io.edgefusion.cli.ExitCodes;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.resources.jdk.JdkProbe;
import io.edgefusion.kernel.sys.Platform;
import io.edgefusion.runtime.json.ResourcesJson;
import io.edgefusion.runtime.json.ResourcesReport;
import picocli.CommandLine.ArgGroup;
import io.edgefusion.cli.sandbox.StateRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion resources}: the limits that bind a process or cgroup, and what its runtime should be told. */
@Command(name = "resources", mixinStandardHelpOptions = true,
        description = {
                "Show the cgroup limits that bind a process (default: this one) or a cgroup: every limit with the"
                        + " file it came from and whether an ancestor is tighter than the leaf; current usage,"
                        + " throttling and pressure; the values runtimes should use (CPU count, GOMAXPROCS,"
                        + " GOMEMLIMIT, JVM flags); and, side by side, what `java -XshowSettings:system` reports"
                        + " inside the same cgroups, with every difference explained.",
                "",
                "Works on cgroup v1, v2 and hybrid hosts. Needs Linux; joining the target's cgroups for the JDK"
                        + " comparison needs root (use --no-jdk otherwise)."},
        footer = {"", "Examples:",
                "  edgefusion resources",
                "  edgefusion resources --pid $(pgrep -o nginx)",
                "  edgefusion resources --cgroup web-1 --json | jq .runtime   # sandbox web-1",
                "  edgefusion --root /tmp/ef resources --cgroup web-1       # of another root",
                "  edgefusion resources --cgroup /system.slice/cron.service --no-jdk",
                "  edgefusion resources --cgroup /sys/fs/cgroup/memory/system.slice --no-jdk",
                "",
                "A sandbox's cgroup is <cgroup parent>/<id> in every hierarchy: /edgefusion for the default root,"
                        + " another root has its own parent; inspect prints the path (cgroupPath).",
                "", "The --json schema is documented in docs/json/resources.md (\"schema\": \"edgefusion.resources/v1\")."})
public final class ResourcesCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--pid", paramLabel = "PID",
                description = "Process to examine (default: this one; through a node, the thin client).")
        Long pid;

        @Option(names = "--cgroup", paramLabel = "CGROUP",
                description = "Cgroup to examine: a sandbox's name or id (of --root), a cgroup path"
                        + " (/system.slice/cron.service) or its directory under a cgroup mount.")
        String cgroup;
    }

    @ArgGroup(exclusive = true)
    Target target = new Target();

    @Mixin
    StateRoot root;

    @Option(names = "--json", description = "Print one JSON document (schema edgefusion.resources/v1).")
    boolean json;

    @Option(names = "--no-jdk", description = "Skip the side-by-side run of java -XshowSettings:system.")
    boolean noJdk;

    @Option(names = "--java", paramLabel = "JAVA",
            description = "Java launcher for the comparison (default: the JDK running EdgeFusion).")
    Path java;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Platform.requireLinux("edgefusion resources");
        CgroupLayout layout = CgroupLayout.discover();
        Optional<Path> javaPath = noJdk ? Optional.empty() : Optional.of(java != null ? java : JdkProbe.currentJava());
        ResourcesReport report;
        if (target.cgroup != null) {
            report = ResourcesReport.ofCgroup(layout, cgroupOf(layout, target.cgroup), javaPath);
        } else {
            long pid = target.pid != null ? target.pid : io.edgefusion.cli.Caller.current().pid();
            if (pid <= 0 || !Files.isDirectory(Path.of("/proc", Long.toString(pid)))) {
                throw new IllegalArgumentException("--pid " + pid + ": no such process");
            }
            report = ResourcesReport.ofProcess(layout, pid, javaPath);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(ResourcesJson.render(report));
        } else {
            ResourcesText.render(report, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A cgroup path or directory as given; a word without '/' is first looked up as a sandbox of --root. */
    private String cgroupOf(CgroupLayout layout, String arg) {
        String sandbox = null;
        if (!arg.contains("/") && !arg.isEmpty()) {
            try {
                return exists(layout, root.sandboxes().inspect(arg).cgroupPath(), arg);
            } catch (IllegalArgumentException e) {
                sandbox = e.getMessage();
            }
        }
        String path = layout.cgroupPathOf(arg);
        if (!exists(layout, path)) {
            throw new IllegalArgumentException("cgroup " + path + ": no such cgroup in any hierarchy"
                    + (sandbox == null ? "" : " (and " + sandbox + " in " + root.path() + ")"));
        }
        return path;
    }

    private static String exists(CgroupLayout layout, String path, String sandbox) {
        if (!exists(layout, path)) {
            throw new IllegalStateException("sandbox " + sandbox + ": its cgroup " + path + " is gone (the sandbox"
                    + " is not running; rm or gc it)");
        }
        return path;
    }

    private static boolean exists(CgroupLayout layout, String path) {
        return layout.pathsOf(path).dirs().values().stream().anyMatch(d -> Files.isDirectory(d.dir()));
    }
}
