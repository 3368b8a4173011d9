package io.edgefusion.node.api;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the node's versioned JSON API ({@code /v1/...}), the same whether it came over the socket or
 * the API listener.
 *
 * @param headers the request's headers, names lower-cased (only what a route may need: {@code if-none-match});
 *                empty for in-process callers
 */
public record ApiRequest(String method, String path, Map<String, String> query, byte[] body, Peer peer,
                         Map<String, String> headers) {
    public ApiRequest {
        query = Map.copyOf(query);
        body = body.clone();
        headers = Map.copyOf(headers);
    }

    /** A request without headers (in-process callers, the CLI). */
    public ApiRequest(String method, String path, Map<String, String> query, byte[] body, Peer peer) {
        this(method, path, query, body, peer, Map.of());
    }

    /** The header {@code name} (any case), if the request carried it. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
