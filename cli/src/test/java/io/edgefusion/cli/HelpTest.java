package io.edgefusion.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Help that works: every command of the tree answers --help and -h with its usage, and its examples paste. */
class HelpTest {
    /** Every visible command path of the full tree, e.g. [image, build], built as top-level --help builds it. */
    static List<List<String>> commandPaths() {
        CommandLine top = new CommandLine(new EdgeFusionCommand());
        Commands.register(top, new String[] {"--help"});
        List<List<String>> out = new ArrayList<>();
        walk(top, new ArrayList<>(), out);
        return out;
    }

    private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        c.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && sub.getCommandSpec().name().equals(name)) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                walk(sub, p, out);
            }
        });
    }

    @Test
    void everyCommandPrintsUsageForHelpAndDashHAndExitsZero() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).contains(List.of("run"), List.of("image", "build"), List.of("profile", "keygen"),
                List.of("contract", "verify"));
        for (List<String> path : paths) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliRun r = CliRun.of(args.toArray(String[]::new));
                String usage = "Usage: edgefusion" + (path.isEmpty() ? "" : " " + String.join(" ", path));
                assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
                assertThat(r.out()).as(String.join(" ", args)).startsWith(usage);
                assertThat(r.err()).as(String.join(" ", args)).isEmpty();
            }
        }
    }

    @Test
    void everyCommandHasExamplesThatAreNotWrappedMidCommand() {
        for (List<String> path : commandPaths()) {
            CliRun r = CliRun.of(concat(path, "--help"));
            CommandLine.Model.UsageMessageSpec usage = commandAt(path).getCommandSpec().usageMessage();
            List<String> examples = Arrays.stream(usage.footer()).filter(l -> l.startsWith("  edgefusion ")).toList();
            String name = path.isEmpty() ? "edgefusion" : String.join(" ", path);
            assertThat(usage.footer()).as(name).containsAnyOf("Examples:", "Example:");
            assertThat(examples).as(name).isNotEmpty();
            for (String line : examples) {
                // picocli wraps any line wider than the usage width: the example would then paste as two commands.
                assertThat(r.out().lines()).as(name + " --help keeps the line intact").contains(line);
            }
        }
    }

    @Test
    void runDashHIsHelpAndHostnameIsLongOnly() {
        CliRun r = CliRun.of("run", "-h");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: edgefusion run").contains("--hostname=NAME")
                .doesNotContain("-h, --hostname");
    }

    @Test
    void runHelpNeedsNoRootfs() {
        CliRun r = CliRun.of("run", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("ROOTFS").contains("Examples:");
    }

    @Test
    void buildHelpSaysRunWorks() {
        CliRun r = CliRun.of("image", "build", "--help");
        assertThat(r.out()).contains("RUN").doesNotContain("not yet available");
    }

    @Test
    void versionIsTheMavenProjectVersion() {
        String expected = System.getProperty("edgefusion.project.version");
        assertThat(expected).as("surefire passes ${project.version}").isNotBlank().doesNotContain("${");
        CliRun r = CliRun.of("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().findFirst()).hasValue("edgefusion " + expected);
    }

    private static CommandLine commandAt(List<String> path) {
        CommandLine top = new CommandLine(new EdgeFusionCommand());
        Commands.register(top, new String[] {"--help"});
        CommandLine c = top;
        for (String p : path) {
            c = c.getSubcommands().get(p);
        }
        return c;
    }

    private static String[] concat(List<String> path, String last) {
        List<String> a = new ArrayList<>(path);
        a.add(last);
        return a.toArray(String[]::new);
    }
}
