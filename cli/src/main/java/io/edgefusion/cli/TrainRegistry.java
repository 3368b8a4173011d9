package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgefusion.image.oci.OciJson;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For the AOT training run only: one OCI layout served read-only over plain HTTP on loopback as much of the
 * distribution spec as a pull asks ({@code /v2/}, one manifest by tag, blobs by digest), so that the cache holds
 * the HTTP client's and the pull path's classes (a pull's cold start was mostly loading them).
 */
final class TrainRegistry implements AutoCloseable {
    private final HttpServer server;

    TrainRegistry(Path layout, String repo, String tag) throws IOException {
        JsonNode m = OciJson.MAPPER.readTree(Files.readAllBytes(layout.resolve("index.json"))).at("/manifests/0");
        String manifestPath = "/v2/" + repo + "/manifests/" + tag;
        String blobsPath = "/v2/" + repo + "/blobs/sha256:";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", ex -> {
            try (ex) {
                String p = ex.getRequestURI().getPath();
                if (p.equals("/v2/")) {
                    send(ex, "application/json", "{}".getBytes());
                } else if (p.equals(manifestPath)) {
                    send(ex, m.path("mediaType").asText(), blob(layout, m.path("digest").asText().substring(7)));
                } else if (p.startsWith(blobsPath) && p.substring(blobsPath.length()).matches("[0-9a-f]{64}")) {
                    send(ex, "application/octet-stream", blob(layout, p.substring(blobsPath.length())));
                } else {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
    }

    private static byte[] blob(Path layout, String hex) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(hex));
    }

    private static void send(HttpExchange ex, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
