package io.edgefusion.cli.resources;

import io.edgefusion.cli.ExitCodes;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.resources.jdk.JdkProbe;
import io.edgefusion.kernel.sys.Platform;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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
                "  edgefusion resources --cgroup /edgefusion/web-1 --json | jq .runtime",
                "  edgefusion resources --cgroup /sys/fs/cgroup/memory/edgefusion/web-1 --no-jdk",
                "", "The --json schema is documented in docs/json/resources.md (\"schema\": \"edgefusion.resources/v1\")."})
public final class ResourcesCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--pid", paramLabel = "PID", description = "Process to examine (default: this process).")
        Long pid;

        @Option(names = "--cgroup", paramLabel = "PATH",
                description = "Cgroup to examine: a cgroup path (/edgefusion/web-1) or its directory under a"
                        + " cgroup mount.")
        String cgroup;
    }

    @ArgGroup(exclusive = true)
    Target target = new Target();

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
            String path = layout.cgroupPathOf(target.cgroup);
            if (layout.pathsOf(path).dirs().values().stream().noneMatch(d -> Files.isDirectory(d.dir()))) {
                throw new IllegalArgumentException("cgroup " + path + ": no such cgroup in any hierarchy");
            }
            report = ResourcesReport.ofCgroup(layout, path, javaPath);
        } else {
            long pid = target.pid != null ? target.pid : ProcessHandle.current().pid();
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
}
