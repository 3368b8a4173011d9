package io.edgefusion.node.api;

import java.util.Map;

/**
 * One request to the node's versioned JSON API ({@code /v1/...}), the same whether it came over the socket or
 * the API listener.
 */
public record ApiRequest(String method, String path, Map<String, String> query, byte[] body, Peer peer) {
    public ApiRequest {
        query = Map.copyOf(query);
        body = body.clone();
    }
}
