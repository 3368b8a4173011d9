package io.edgefusion.cli.deploy;

import io.edgefusion.cli.node.NodeClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.sandbox.StateRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code edgefusion deployment history NAME}. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Every revision of a deployment, oldest first: its status (rolled-out is the one running;"
                + " superseded and rolled-back ran before; failed never took over), when it was deployed, from which"
                + " file or which rollback, and why a rollout failed. Any revision can be re-applied with"
                + " 'rollback NAME --to REV'."},
        footer = {"", "Examples:", "  edgefusion deployment history line-monitor",
                "  edgefusion deployment history line-monitor --json | jq '.revisions[-1].status'"})
public final class DeploymentHistoryCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(paramLabel = "NAME", description = "The deployment.")
    String name;

    @Option(names = "--json", description = "One JSON document, schema edgefusion.deployment.history/v1"
            + " (docs/json/deployment.history.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode doc = NodeClient.of(root.path()).get("/v1/deployments/" + Names.path(name) + "/history", Map.of());
        var out = spec.commandLine().getOut();
        if (json) {
            JsonDocs.print(out, doc);
            return 0;
        }
        Table t = new Table("REVISION", "STATUS", "CREATED", "SOURCE", "REASON");
        for (JsonNode r : doc.path("revisions")) {
            String source = r.path("rollbackOf").isInt() ? "rollback to " + r.path("rollbackOf").asInt()
                    : r.path("path").asText();
            t.row(r.path("revision").asInt(), r.path("status").asText(), Times.ago(r.path("createdAt").asText()),
                    source, r.path("reason").isTextual() ? r.path("reason").asText() : "");
        }
        t.print(out, "");
        out.flush();
        return 0;
    }
}
