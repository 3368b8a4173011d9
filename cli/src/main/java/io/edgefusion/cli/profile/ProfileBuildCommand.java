package io.edgefusion.cli.profile;

import io.edgefusion.platform.build.BuildReport;
import io.edgefusion.platform.build.BuildTarget;
import io.edgefusion.platform.build.NodeLibrary;
import io.edgefusion.platform.build.TrimmedBuild;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.profile.Profile;
import io.edgefusion.platform.profile.ProfileValidator;
import io.edgefusion.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion profile build FILE -o DIR}: a trimmed node distribution, measured against the full one. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build a trimmed node for a profile: a jlink runtime with only the JDK modules the enabled"
                + " platform modules need (jdeps over the classes they reach), only the enabled module jars and the"
                + " libraries their features need, the profile and bin/edgefusion-node; a training start records a"
                + " JDK 25 AOT cache for it. Then start the untrimmed"
                + " node and the trimmed one (bound to 127.0.0.1 on ephemeral ports) and print size and start"
                + " time before and after. The profile must validate, stage rules included. A profile whose arch"
                + " is not the build JDK's is refused unless --target-jdk names a JDK of that architecture."},
        footer = {"", "Examples:", "  edgefusion profile build profiles/x86-gateway-aes.yaml -o /tmp/gw-node",
                "  /tmp/gw-node/bin/edgefusion-node --exit-when-ready",
                "  edgefusion profile build profiles/rk3588-sm4.yaml -o /tmp/rk3588-node \\",
                "      --target-jdk /opt/jdk-25-aarch64"})
public final class ProfileBuildCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The board's profile.")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Where to put the node (created; replaced if a previous build made it).")
    Path output;

    @Option(names = "--node-lib", paramLabel = "DIR",
            description = "The full node's jars to trim from; default: node-lib beside the edgefusion jar.")
    Path nodeLib;

    @Option(names = "--target-jdk", paramLabel = "DIR",
            description = "A JDK of the profile's arch (its release file's OS_ARCH, same release as this JDK) to link"
                    + " the runtime from: required when the profile's arch is not this JDK's. jlink links from"
                    + " DIR/jmods; a cross build makes no AOT cache or CDS archive and measures no starts (that"
                    + " needs the target's JVM running).")
    Path targetJdk;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N",
            description = "Timed starts of each node (after one warm-up; median reported); 0 skips measuring."
                    + " Default ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--no-aot-cache", negatable = false,
            description = "Skip the AOT-cache training run (smaller node, slower start).")
    boolean noAotCache;

    @Option(names = "--trusted-key", paramLabel = "KEY", description = "Public key for a production profile's"
            + " signature, used to validate and for the build's own starts. It is NOT copied into the node: install"
            + " it as /etc/edgefusion/trusted.pub (root-owned, writable by nobody else) or start the node with"
            + " --trusted-key FILE outside its directory.")
    Path trustedKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PlatformFiles.requireFile(file);
        ModuleCatalog catalog = ModuleCatalog.discover();
        Profile profile = new ProfileValidator(catalog, CoreContract.builtIn(), PlatformFiles.trustedKey(trustedKey))
                .validate(file).orThrow();
        NodeLibrary lib = NodeLibrary.read(nodeLib != null ? nodeLib : PlatformFiles.defaultNodeLib());
        Path javaHome = Path.of(System.getProperty("java.home"));
        BuildTarget target = BuildTarget.resolve(file.toString(), profile.arch(), javaHome,
                Optional.ofNullable(targetJdk));
        BuildReport r = new TrimmedBuild(catalog, lib, javaHome, target).build(profile, file, Optional.ofNullable(trustedKey),
                output, runs, !noAotCache);
        PrintWriter out = spec.commandLine().getOut();
        out.println("built " + r.output() + " for " + profile.platform() + " (stage " + profile.stage() + ")");
        out.println("  JDK modules: " + String.join(",", r.jdkModules()));
        out.println("  jars:        " + String.join(" ", r.jars()));
        if (target.cross()) {
            out.println("  cross build for " + target.arch() + " on " + target.buildArch() + ": no AOT cache or CDS"
                    + " archive, starts not measured (they run the target's JVM)");
        }
        out.println();
        Table t = new Table("", "SIZE", "START (median of " + r.runs() + ")");
        t.row("before: full JDK + all modules", mb(r.beforeBytes()), ms(r.beforeMillis()));
        t.row("after:  trimmed node", mb(r.afterBytes()) + " (runtime " + mb(r.runtimeBytes())
                + (r.aotCacheBytes() > 0 ? ", AOT cache " + mb(r.aotCacheBytes()) : "") + ")", ms(r.afterMillis()));
        t.row("board profile on the full JDK", "", ms(r.boardOnFullMillis()));
        t.print(out, "  ");
        if (r.beforeMillis() > 0 && r.afterMillis() > 0) {
            // Locale.ROOT: the same digits whichever JVM (the caller's cold one or a node) runs the command
            out.printf(java.util.Locale.ROOT, "  %s -> %s, %.2f s -> %.2f s%n", mb(r.beforeBytes()), mb(r.afterBytes()),
                    r.beforeMillis() / 1000.0, r.afterMillis() / 1000.0);
        }
        out.flush();
        return 0;
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String ms(long millis) {
        return millis < 0 ? "not measured" : millis + " ms";
    }
}
