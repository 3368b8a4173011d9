package io.edgefusion.cli.sandbox;

import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.runtime.json.InspectJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion inspect}: everything known about sandboxes, as JSON (like docker inspect / runc state). */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Print one JSON document (schema edgefusion.inspect/v1, docs/json/inspect.md) with, per"
                + " sandbox: its spec and recorded state, the environment"
                + " EdgeFusion injected, its cgroup directories, and — while the cgroup exists — its effective"
                + " limits, runtime settings and live stats (the edgefusion.resources/v1 document of its cgroup)."},
        footer = {"", "Examples:", "  edgefusion inspect web", "  edgefusion inspect web | jq '.sandboxes[0].resources.stats'"})
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(arity = "1..*", paramLabel = "SANDBOX", description = "Id, id prefix or name.")
    List<String> sandboxes;

    @Option(names = "--json", description = "Accepted for uniformity: inspect always prints JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JsonDocs.print(spec.commandLine().getOut(), InspectJson.document(root.sandboxes(), sandboxes));
        return 0;
    }
}
