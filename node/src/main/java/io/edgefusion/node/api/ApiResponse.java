package io.edgefusion.node.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An answer: a whole body, or a stream (events, logs -f, stats) written until the client goes away. */
public sealed interface ApiResponse {
    int status();

    String contentType();

    record Full(int status, String contentType, byte[] body) implements ApiResponse {
        public Full {
            body = body.clone();
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
