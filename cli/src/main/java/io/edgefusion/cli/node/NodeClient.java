package io.edgefusion.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.sys.FileAttrs;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.api.NodeApi;
import io.edgefusion.node.api.Peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The way of the verbs whose state lives in the node (deployments, breakers) to the node that serves a state root
 * ({@link NodeApi#find}): with no node there is nothing to ask, and the verbs say how to start one. An answer of 400 or more
 * becomes an exception whose message is the node's one-line {@code error}.
 */
public final class NodeClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final ApiRoutes routes;

    private NodeClient(ApiRoutes routes) {
        this.routes = routes;
    }

    public static NodeClient of(Path root) {
        return NodeApi.find(root).map(NodeClient::new).orElseThrow(() -> new IllegalStateException("no node serves "
                + root + " (start one: edgefusion node --root " + root + ")"));
    }

    public JsonNode get(String path, Map<String, String> query) {
        return call("GET", path, query, new byte[0]);
    }

    public JsonNode post(String path, Map<String, String> query, JsonNode body) {
        return call("POST", path, query, body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8));
    }

    public JsonNode delete(String path) {
        return call("DELETE", path, Map.of(), new byte[0]);
    }

    private JsonNode call(String method, String path, Map<String, String> query, byte[] body) {
        ApiResponse r = routes.handle(new ApiRequest(method, path, query, body, self()));
        if (!(r instanceof ApiResponse.Full full)) {
            throw new IllegalStateException(method + " " + path + ": the node answered with a stream, not a document");
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(full.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + ": the node's answer is not JSON", e);
        }
        if (r.status() >= 400) {
            throw new IllegalStateException(doc.path("error").isTextual() ? doc.path("error").asText()
                    : method + " " + path + ": HTTP " + r.status());
        }
        return doc;
    }

    /** In process the caller is this process; over the socket the node learns it from SO_PEERCRED instead. */
    private static Peer self() {
        return new Peer(ProcessHandle.current().pid(), FileAttrs.geteuid(), -1);
    }
}
