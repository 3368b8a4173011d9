package io.edgefusion.cli;

import io.edgefusion.cli.mountinfo.MountinfoCommand;
import io.edgefusion.cli.resources.ResourcesCommand;
import io.edgefusion.cli.sandbox.ExecCommand;
import io.edgefusion.cli.sandbox.GcCommand;
import io.edgefusion.cli.sandbox.InspectCommand;
import io.edgefusion.cli.sandbox.KillCommand;
import io.edgefusion.cli.sandbox.LogsCommand;
import io.edgefusion.cli.sandbox.PsCommand;
import io.edgefusion.cli.sandbox.RmCommand;
import io.edgefusion.cli.sandbox.RunCommand;
import io.edgefusion.cli.sandbox.StopCommand;
import picocli.CommandLine.Command;

/** {@code edgefusion}: the top command; lists the subcommands. */
@Command(name = "edgefusion",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
                "Edge-node runtime built on the kernel's own contracts: cgroups (v1, v2, hybrid), namespaces,"
                        + " overlayfs.",
                "",
                "Every command but --help and --version needs Linux; sandboxes need root (or see run --rootless)."},
        subcommands = {RunCommand.class, PsCommand.class, InspectCommand.class, StopCommand.class, KillCommand.class,
                RmCommand.class, LogsCommand.class, ExecCommand.class, GcCommand.class, ResourcesCommand.class,
                MountinfoCommand.class},
        footer = {"", "Examples:",
                "  edgefusion run --rm builtin:busybox -- echo hello",
                "  edgefusion run -d --name web --memory 128m --cpus 0.5 builtin:busybox -- httpd -f",
                "  edgefusion ps -a; edgefusion logs web; edgefusion exec web -- ps; edgefusion rm -f web",
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
