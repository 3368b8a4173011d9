package io.edgefusion.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.node.NodeVersion;

import java.util.function.Supplier;

/**
 * The node's own routes: {@code GET /v1/node} (schema {@code edgefusion.node/v1}, {@link NodeInfo}) and
 * {@code GET /v1/version} (schema {@code edgefusion.version/v1}).
 */
public final class NodeRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeRoutes() {
    }

    public static void add(RouteTable routes, Supplier<NodeInfo> info) {
        routes.get("/v1/node", (req, p) -> ApiResponse.json(200, node(info.get(), routes).toString()));
        routes.get("/v1/version", (req, p) -> {
            ObjectNode n = JSON.createObjectNode();
            n.put("schema", "edgefusion.version/v1");
            n.put("version", NodeVersion.version());
            n.put("api", NodeVersion.API);
            n.put("java", Runtime.version().toString());
            return ApiResponse.json(200, n.toString());
        });
    }

    static ObjectNode node(NodeInfo i, RouteTable routes) {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", "edgefusion.node/v1");
        n.put("root", i.root());
        n.put("pid", i.pid());
        n.put("started", i.started());
        n.put("version", i.version());
        if (i.profile().isPresent()) {
            ObjectNode p = n.putObject("profile");
            p.put("file", i.profile().get().file());
            p.put("platform", i.profile().get().platform());
            p.put("stage", i.profile().get().stage());
        } else {
            n.putNull("profile");
        }
        var mods = n.putArray("modules");
        i.modules().forEach(mods::add);
        ObjectNode l = n.putObject("listeners");
        l.put("socket", i.listeners().socket());
        l.put("api", i.listeners().api().orElse(null));
        l.put("metrics", i.listeners().metrics().orElse(null));
        var r = n.putArray("routes");
        routes.list().forEach(r::add);
        return n;
    }
}
