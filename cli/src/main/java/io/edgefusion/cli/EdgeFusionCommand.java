package io.edgefusion.cli;

import io.edgefusion.cli.image.ImageCommand;
import io.edgefusion.cli.mountinfo.MountinfoCommand;
import io.edgefusion.cli.resources.ResourcesCommand;
import picocli.CommandLine.Command;

/** {@code edgefusion}: the top command; lists the subcommands. */
@Command(name = "edgefusion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Edge-node runtime built on the kernel's own contracts: cgroups (v1, v2, hybrid), namespaces,"
                        + " overlayfs.",
                "",
                "Commands that read or change the kernel (resources, mountinfo) need Linux; --help and --version"
                        + " work anywhere."},
        subcommands = {ResourcesCommand.class, MountinfoCommand.class, ImageCommand.class},
        footer = {"", "Examples:",
                "  edgefusion resources                 limits, usage and runtime settings of this process",
                "  edgefusion resources --pid 1234 --json",
                "  edgefusion mountinfo /tmp            what the mount holding /tmp forbids",
                "", "Exit codes: 0 ok, 125 EdgeFusion error (bad flags included), 126/127 command not executable/found."})
public final class EdgeFusionCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
