package io.edgefusion.cli.deploy;

import io.edgefusion.cli.node.NodeClient;
import io.edgefusion.cli.sandbox.StateRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code edgefusion undeploy NAME}. */
@Command(name = "undeploy", mixinStandardHelpOptions = true,
        description = {"Remove a deployment: the node stops and removes its workloads and no longer restores them."
                + " Its history is kept (deployments -a, deployment history); deploying the name again continues its"
                + " revision numbers."},
        footer = {"", "Examples:", "  edgefusion undeploy line-monitor"})
public final class UndeployCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NodeClient.of(root.path()).delete("/v1/deployments/" + Names.path(name));
        spec.commandLine().getOut().println(name + ": undeployed");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
