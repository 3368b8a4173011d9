package io.edgefusion.cli.deploy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgefusion deployment}: one deployment's details. */
@Command(name = "deployment", mixinStandardHelpOptions = true,
        description = {"One deployment of the node serving the state root: its revisions (history). To change it:"
                + " deploy, rollback, undeploy."},
        subcommands = {DeploymentHistoryCommand.class},
        footer = {"", "Examples:", "  edgefusion deployment history line-monitor"})
public final class DeploymentCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
