package io.edgefusion.cli.breaker;

import io.edgefusion.cli.node.NodeClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.sandbox.PsCommand;
import io.edgefusion.cli.sandbox.StateRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/** {@code edgefusion breaker ls}: every breaker of the node, by name. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the circuit breakers of the node serving the state root: NAME (DEPLOYMENT/WORKLOAD),"
                + " STATE (closed, open, half-open), FAILURES (counted in the current window), SINCE (when it"
                + " entered that state) and REASON (what moved it last: the failing check that opened it, the"
                + " cool-down, a reset)."},
        footer = {"", "Examples:", "  edgefusion breaker ls",
                "  edgefusion breaker ls --json | jq '.breakers[] | select(.state==\"open\")'"})
public final class BreakerLsCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--json", description = "The node's document as is, schema edgefusion.breakers/v1"
            + " (docs/json/breakers.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode doc = NodeClient.of(root.path()).get("/v1/breakers", java.util.Map.of());
        var out = spec.commandLine().getOut();
        if (json) {
            JsonDocs.print(out, doc);
            return 0;
        }
        Table t = new Table("NAME", "STATE", "FAILURES", "SINCE", "REASON");
        for (JsonNode b : doc.path("breakers")) {
            t.row(b.path("deployment").asText() + "/" + b.path("workload").asText(), b.path("state").asText(),
                    b.path("failures").asInt(), ago(b.path("since").asText()),
                    b.path("reason").isTextual() ? b.path("reason").asText() : "");
        }
        t.print(out, "");
        out.flush();
        return 0;
    }

    /** The node's RFC 3339 time as ps shows its own: {@code 5s ago}. */
    static String ago(String rfc3339) {
        try {
            return PsCommand.ago(Instant.parse(rfc3339).toEpochMilli());
        } catch (DateTimeParseException e) {
            return "-";
        }
    }
}
