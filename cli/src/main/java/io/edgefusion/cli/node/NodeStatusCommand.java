package io.edgefusion.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.NodeApi;
import io.edgefusion.node.api.Peer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion node status}: whether a node serves the root, and what it runs. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Say whether a node serves the state root (exit 0) and what it runs: its pid, start time,"
                + " version, profile and platform modules, socket and listeners. Exit 1 with one line 'no node"
                + " serves ROOT' when none answers on ROOT/node.sock."},
        footer = {"", "Examples:", "  edgefusion node status",
                "  edgefusion --root /tmp/ef node status --json | jq -r .listeners.api",
                "  edgefusion node status -q || edgefusion node &     # start one unless it runs"})
public final class NodeStatusCommand implements Callable<Integer> {
    public static final String SCHEMA = "edgefusion.node-status/v1";

    @Mixin
    StateRoot root;

    @ParentCommand
    NodeCommand parent;

    @Option(names = "--json", description = "One JSON document, schema " + SCHEMA + " (docs/json/node-status.md).")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing; only the exit code answers.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path r = root.root() != null || parent == null ? root.path() : parent.rootPath();
        Path abs = r.toAbsolutePath().normalize();
        Optional<JsonNode> node = Optional.empty();
        var api = NodeApi.find(abs);
        if (api.isPresent()) {
            ApiResponse a = api.get().handle(new ApiRequest("GET", "/v1/node", Map.of(), new byte[0], Peer.REMOTE));
            if (a.status() == 200 && a instanceof ApiResponse.Full f) {
                node = Optional.of(io.edgefusion.runtime.json.JsonDocs.MAPPER.readTree(f.body()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            return node.isPresent() ? 0 : 1;
        }
        if (json) {
            JsonDocs.print(out, document(abs, node));
        } else if (node.isEmpty()) {
            out.println("no node serves " + abs);
            out.flush();
        } else {
            human(out, node.get());
        }
        return node.isPresent() ? 0 : 1;
    }

    static ObjectNode document(Path root, Optional<JsonNode> node) {
        ObjectNode d = io.edgefusion.runtime.json.JsonDocs.document(SCHEMA);
        d.put("root", root.toString());
        d.put("serving", node.isPresent());
        JsonNode n = node.orElse(null);
        if (n == null) {
            d.putNull("pid");
            d.putNull("started");
            d.putNull("version");
            d.putNull("profile");
            d.putArray("modules");
            d.putNull("listeners");
            return d;
        }
        d.put("pid", n.get("pid").asLong());
        d.put("started", n.get("started").asText());
        d.put("version", n.get("version").asText());
        d.set("profile", n.get("profile"));
        d.set("modules", n.get("modules"));
        d.set("listeners", n.get("listeners"));
        return d;
    }

    private static void human(PrintWriter out, JsonNode n) {
        JsonNode l = n.get("listeners");
        JsonNode p = n.get("profile");
        out.println("node serves " + n.get("root").asText() + " (pid " + n.get("pid").asLong() + ", since "
                + n.get("started").asText() + ", version " + n.get("version").asText() + ")");
        out.println("  socket   " + l.get("socket").asText());
        out.println("  api      " + (l.get("api").isNull() ? "off" : l.get("api").asText()));
        out.println("  metrics  " + (l.get("metrics").isNull() ? "off" : l.get("metrics").asText()));
        out.println("  profile  " + (p.isNull() ? "none" : p.get("platform").asText() + " (" + p.get("stage").asText()
                + ") " + p.get("file").asText()));
        StringBuilder m = new StringBuilder();
        n.get("modules").forEach(x -> m.append(m.isEmpty() ? "" : ", ").append(x.asText()));
        out.println("  modules  " + (m.isEmpty() ? "-" : m));
        out.flush();
    }
}
