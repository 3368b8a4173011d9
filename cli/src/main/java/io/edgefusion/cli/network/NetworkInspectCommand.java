package io.edgefusion.cli.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.sandbox.network.NamedNetwork;
import io.edgefusion.sandbox.network.NetworkStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion network inspect NAME…}: always one JSON document, like {@code inspect}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show networks as JSON: bridge, subnet, gateway, plugins, the CNI configuration list as"
                + " stored, and every attachment (sandbox, interface, addresses, published ports) from the CNI"
                + " cache. All names are checked before anything is printed."},
        footer = {"", "Examples:", "  edgefusion network inspect edgefusion0",
                "  edgefusion network inspect backend --json | jq '.networks[0].attachments'"})
public final class NetworkInspectCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Option(names = "--json", description = "The default; schema edgefusion.network.inspect/v1"
            + " (docs/json/network.inspect.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NetworkStore store = NetworkCommand.store(root);
        List<NamedNetwork> found = new ArrayList<>();
        for (String n : names) {
            found.add(store.find(n).orElseThrow(() -> new IllegalArgumentException("network " + n
                    + ": no such network")));
        }
        ObjectNode doc = JsonNodeFactory.instance.objectNode().put("schema", "edgefusion.network.inspect/v1");
        ArrayNode a = doc.putArray("networks");
        found.forEach(n -> a.add(NetworkDocs.detail(n, store.cache().list(n.name()))));
        JsonDocs.print(spec.commandLine().getOut(), doc);
        return 0;
    }
}
