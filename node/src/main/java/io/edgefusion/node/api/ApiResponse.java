package io.edgefusion.node.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An answer: a whole body, or a stream (events, logs -f, stats) written until the client goes away. */
public sealed interface ApiResponse {
    int status();

    String contentType();

    /**
     * A whole body. {@code headers} are extra response headers (caching, security policy of the dashboard's
     * files); Content-Type and Content-Length are the listener's.
     */
    record Full(int status, String contentType, byte[] body, Map<String, String> headers) implements ApiResponse {
        public Full {
            body = body.clone();
            headers = Map.copyOf(headers);
            headers.forEach((k, v) -> {
                if ((k + v).chars().anyMatch(c -> c == '\r' || c == '\n')) {
                    throw new IllegalArgumentException("header " + k + ": line breaks are not allowed");
                }
            });
        }

        public Full(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }
    }

    record Streaming(int status, String contentType, Body body) implements ApiResponse {
    }

    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    static ApiResponse json(int status, String json) {
        return new Full(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
