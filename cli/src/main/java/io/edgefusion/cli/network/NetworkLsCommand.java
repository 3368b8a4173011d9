package io.edgefusion.cli.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.output.Table;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.sandbox.network.NamedNetwork;
import io.edgefusion.sandbox.network.NetworkStore;
import io.edgefusion.sandbox.network.ResultCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code edgefusion network ls}. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the networks: NAME, BRIDGE, SUBNET, GATEWAY and SANDBOXES (attached now, from the CNI"
                + " cache). The default network edgefusion0 shows once it was used or created."},
        footer = {"", "Examples:", "  edgefusion network ls",
                "  edgefusion network ls --json | jq -r '.networks[].subnet'"})
public final class NetworkLsCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--json", description = "Schema edgefusion.network.ls/v1 (docs/json/network.ls.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NetworkStore store = NetworkCommand.store(root);
        ResultCache cache = store.cache();
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode doc = JsonNodeFactory.instance.objectNode().put("schema", "edgefusion.network.ls/v1");
            ArrayNode a = doc.putArray("networks");
            for (NamedNetwork n : store.list()) {
                a.add(NetworkDocs.summary(n, cache.list(n.name())));
            }
            JsonDocs.print(out, doc);
            return 0;
        }
        Table t = new Table("NAME", "BRIDGE", "SUBNET", "GATEWAY", "SANDBOXES");
        for (NamedNetwork n : store.list()) {
            t.row(n.name(), n.bridge(), n.subnet(), n.gateway(),
                    cache.list(n.name()).stream().map(ResultCache.Entry::containerId).distinct().count());
        }
        t.print(out, "");
        out.flush();
        return 0;
    }
}
