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
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code edgefusion deployments}: what the node is meant to run. */
@Command(name = "deployments", mixinStandardHelpOptions = true,
        description = {"List the deployments of the node serving the state root: the revision rolled out"
                + " (REVISION), the newest revision's status when it is not that one (a rollout under way or"
                + " failed), and the workloads. Undeployed ones only with -a."},
        footer = {"", "Examples:", "  edgefusion deployments",
                "  edgefusion deployments --json | jq -r '.deployments[].name'"})
public final class DeploymentsCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-a", "--all"}, description = "Include undeployed deployments (their history is kept).")
    boolean all;

    @Option(names = "--json", description = "One JSON document, schema edgefusion.deployments/v1"
            + " (docs/json/deployments.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode doc = NodeClient.of(root.path()).get("/v1/deployments", all ? Map.of("all", "true") : Map.of());
        var out = spec.commandLine().getOut();
        if (json) {
            JsonDocs.print(out, doc);
            return 0;
        }
        Table t = new Table("NAME", "REVISION", "STATUS", "WORKLOADS", "UPDATED");
        for (JsonNode d : doc.path("deployments")) {
            JsonNode latest = d.path("latest");
            boolean removed = d.path("state").asText().equals("removed");
            String status = removed ? "removed" : latest.path("status").asText() + (latest.path("revision").asInt()
                    == d.path("revision").asInt(-1) ? "" : " (revision " + latest.path("revision").asInt() + ")");
            List<String> workloads = new ArrayList<>();
            d.path("workloads").forEach(w -> workloads.add(w.asText()));
            t.row(d.path("name").asText(), d.path("revision").isInt() ? d.path("revision").asInt() : "-", status,
                    String.join(",", workloads), Times.ago(d.path("updatedAt").asText()));
        }
        t.print(out, "");
        out.flush();
        return 0;
    }
}
