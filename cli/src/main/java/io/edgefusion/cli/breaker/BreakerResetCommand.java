package io.edgefusion.cli.breaker;

import io.edgefusion.cli.node.NodeClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.sandbox.StateRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code edgefusion breaker reset DEPLOYMENT/WORKLOAD [--reason TEXT]}. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Close an open or half-open circuit breaker by hand, once you fixed what tripped it: the"
                + " cool-down and probe period are skipped, the reset is recorded in the evidence with its reason,"
                + " and the node starts the workload the breaker kept down again. To run another revision,"
                + " deploy or roll back as usual.",
                "A closed breaker is refused (exit 125): there is nothing to reset. Exit 0 when it is closed now."},
        footer = {"", "Examples:", "  edgefusion breaker reset line-monitor/api",
                "  edgefusion breaker reset line-monitor/api --reason 'probe port fixed'"})
public final class BreakerResetCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(paramLabel = "DEPLOYMENT/WORKLOAD", description = "The breaker, as 'breaker ls' names it.")
    String name;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the evidence and 'breaker ls' (one"
            + " line; default: reset by an operator).")
    String reason;

    @Option(names = "--json", description = "The breaker after the reset, the node's document as is (schema"
            + " edgefusion.breaker/v1: one item of docs/json/breakers.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BreakerName b = BreakerName.parse(name);
        JsonNode body = reason == null ? null : NodeClient.JSON.createObjectNode().put("reason", reason);
        JsonNode after = NodeClient.of(root.path()).post(b.path() + "/reset", java.util.Map.of(), body);
        var out = spec.commandLine().getOut();
        if (json) {
            JsonDocs.print(out, after);
            return 0;
        }
        out.println(b + ": breaker " + after.path("state").asText() + " (" + after.path("reason").asText() + ")");
        out.flush();
        return 0;
    }
}
