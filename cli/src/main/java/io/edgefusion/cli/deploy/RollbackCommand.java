package io.edgefusion.cli.deploy;

import io.edgefusion.cli.node.NodeClient;
import io.edgefusion.cli.sandbox.StateRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code edgefusion rollback NAME [--to REV]}. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Roll a deployment back: an older revision's file is re-applied as a new revision (history is"
                + " never rewritten) and rolled out like a deploy. By default the revision before the current one"
                + " that ran (failed revisions are skipped), so two rollbacks in a row go back and forth.",
                "Exit 0 when it rolled out (or that revision already runs), 1 when the rollout failed, 125 on any"
                        + " other error."},
        footer = {"", "Examples:", "  edgefusion rollback line-monitor", "  edgefusion rollback line-monitor --to 2"})
public final class RollbackCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Option(names = "--to", paramLabel = "REV", description = "The revision to go back to (see deployment history).")
    Integer to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (to != null && to < 1) {
            throw new IllegalArgumentException("--to " + to + ": a revision is a number from 1");
        }
        return DeployOutput.print(spec, NodeClient.of(root.path()).post("/v1/deployments/" + Names.path(name)
                + "/rollback", to == null ? Map.of() : Map.of("to", to.toString()), null));
    }
}
