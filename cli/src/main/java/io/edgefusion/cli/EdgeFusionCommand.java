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
                "  edgefusion run -d --name web --memory 128m --cpus 0.5 builtin:busybox -- httpd -f",
                "  edgefusion ps -a; edgefusion logs web; edgefusion exec web -- ps; edgefusion rm -f web",
                "  edgefusion resources                 limits, usage and runtime settings of this process",
                "  edgefusion resources --pid 1234 --json",
                "  edgefusion mountinfo /tmp            what the mount holding /tmp forbids",
                "  edgefusion profile validate profiles/rk3588-sm4.yaml",
                "  edgefusion contract verify --profile profiles/rk3588-sm4.yaml app.jar",
                "", "Exit codes: 0 ok, 125 EdgeFusion error (bad flags included), 126/127 command not executable/found."})
public final class EdgeFusionCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
