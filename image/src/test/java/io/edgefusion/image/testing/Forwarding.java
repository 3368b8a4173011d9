package io.edgefusion.image.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** How the test fronts (FaultProxy, TokenFront) hand a request to the registry behind them and its answer back. */
final class Forwarding {
    /** The request headers a registry call needs; a front picks which of them to pass. */
    private static final List<String> HEADERS = List.of("Authorization", "Accept", "Range", "Content-Type",
            "Content-Range");
    /** Hop-by-hop or recomputed response headers, never copied. */
    private static final List<String> OWN = List.of("content-length", "transfer-encoding", "connection", "date");

    private Forwarding() {
    }

    /** {@code ex}'s method, body and the headers {@code pass} accepts, sent to {@code to}. */
    static HttpResponse<byte[]> send(HttpClient upstream, HttpExchange ex, URI to, Predicate<String> pass)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(to);
        for (String h : HEADERS) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null && pass.test(h)) {
                b.header(h, v);
            }
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        b.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return upstream.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code r}'s headers onto {@code ex}'s response, each value through {@code rewrite}. */
    static void copyHeaders(HttpResponse<?> r, HttpExchange ex, UnaryOperator<String> rewrite) {
        r.headers().map().forEach((k, vs) -> {
            if (!OWN.contains(k.toLowerCase())) {
                vs.forEach(v -> ex.getResponseHeaders().add(k, rewrite.apply(v)));
            }
        });
    }
}
