package io.edgefusion.cli.diagnose;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code edgefusion diagnose}: the seed's debugging chapters as commands with a verdict. A new diagnosis is one
 * more entry in {@code subcommands}.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Find out why a workload misbehaves: each subcommand predicts from what EdgeFusion knows,"
                + " verifies by probing for real, and exits 0 when everything was as predicted, 1 when a problem"
                + " was found, 125 for a bad target."},
        subcommands = {FsCommand.class, ThrottlingCommand.class},
        footer = {"", "Examples:", "  edgefusion diagnose fs /tmp", "  edgefusion diagnose throttling web --window 5s"})
public final class DiagnoseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
