package io.edgefusion.cli;

import picocli.CommandLine.Command;

/** {@code edgefusion}: the top command; its subcommands are registered by {@link Commands}. */
@Command(name = "edgefusion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Edge-node runtime built on the kernel's own contracts: cgroups (v1, v2, hybrid), namespaces,"
                        + " overlayfs.",
                "",
                "Every command but --help and --version needs Linux; sandboxes need root (or see run --rootless)."},
        footer = {"", "Examples:",
                "  edgefusion run --rm builtin:busybox -- echo hello",
                "  edgefusion run -d --name web -m 128m --cpus 0.5 builtin:busybox -- httpd -f",
                "  edgefusion ps -a",
                "  edgefusion logs web",
                "  edgefusion exec web -- ps",
                "  edgefusion rm -f web",
                "  edgefusion --root /tmp/ef ps -a       # --root also goes before the verb",
                "  edgefusion resources                  # limits binding this process",
                "  edgefusion resources --pid 1234 --json",
                "  edgefusion mountinfo /tmp             # what the mount of /tmp forbids",
                "  edgefusion profile validate profiles/rk3588-sm4.yaml",
                "  edgefusion contract verify --profile profiles/rk3588-sm4.yaml app.jar",
                "",
                "Every command takes -h/--help. Exit codes: 0 ok, 125 EdgeFusion error (bad flags included),"
                        + " 126/127 command not executable/found."})
public final class EdgeFusionCommand implements Runnable {
    /** Global form of every verb's {@code --root}; {@link GlobalOptions} hands it to the verb. */
    @picocli.CommandLine.Option(names = "--root", paramLabel = "DIR", description = "State directory for every"
            + " command (default: $EDGEFUSION_ROOT or /var/lib/edgefusion); also accepted after the verb.")
    java.nio.file.Path root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
