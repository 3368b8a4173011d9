package io.edgefusion.node.http;

import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.api.ConnectionHandler;
import io.edgefusion.node.api.Peer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over one accepted stream of the node's socket: request line, headers, a Content-Length (or chunked)
 * body, then the routes' answer — a whole body with Content-Length, or a {@link ApiResponse.Streaming} body sent
 * chunked, each write flushed as its own chunk. Connections stay open for the next request (keep-alive) unless the
 * client asks to close or speaks HTTP/1.0 without keep-alive.
 */
public final class HttpConnection implements ConnectionHandler {
    /** Largest request body the API takes (a deployment file is a few KiB). */
    public static final long MAX_BODY = 16L * 1024 * 1024;

    private final ApiRoutes routes;

    public HttpConnection(ApiRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void serve(InputStream rawIn, OutputStream rawOut, Peer peer) throws IOException {
        InputStream in = new BufferedInputStream(rawIn);
        OutputStream out = new BufferedOutputStream(rawOut);
        while (true) {
            String line;
            Map<String, String> headers;
            byte[] body;
            try {
                line = HttpWire.readLine(in);
                if (line == null) {
                    return; // the client closed between requests
                }
                if (line.isEmpty()) {
                    continue; // a stray CRLF between requests (RFC 9112 §2.2)
                }
                headers = HttpWire.readHeaders(in);
                body = body(in, headers);
            } catch (HttpProtocolException e) {
                write(out, ApiErrors.error(e.status(), e.getMessage()), false, false);
                return;
            }
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                write(out, ApiErrors.error(400, "bad request line '" + line + "'"), false, false);
                return;
            }
            String method = parts[0];
            String target = parts[1];
            boolean http10 = parts[2].equals("HTTP/1.0");
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            ApiRequest request = new ApiRequest(method, path, HttpWire.query(q < 0 ? null : target.substring(q + 1)),
                    body, peer, headers);
            ApiResponse response = routes.handle(request);
            if (!write(out, response, keepAlive && !(http10 && response instanceof ApiResponse.Streaming),
                    method.equalsIgnoreCase("HEAD"))) {
                return;
            }
            if (!keepAlive) {
                return;
            }
        }
    }

    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        String te = headers.get("transfer-encoding");
        if (te != null) {
            if (!te.equalsIgnoreCase("chunked")) {
                throw new HttpProtocolException(501, "transfer-encoding " + te + " is not supported");
            }
            InputStream chunks = new ChunkedInputStream(in);
            byte[] b = chunks.readNBytes((int) MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new HttpProtocolException(413, "body over " + MAX_BODY + " bytes");
            }
            return b;
        }
        String cl = headers.get("content-length");
        if (cl == null) {
            return new byte[0];
        }
        long n;
        try {
            n = Long.parseLong(cl.strip());
        } catch (NumberFormatException e) {
            throw new HttpProtocolException(400, "bad content-length '" + cl + "'");
        }
        if (n < 0) {
            throw new HttpProtocolException(400, "bad content-length '" + cl + "'");
        }
        return HttpWire.readBody(in, n, MAX_BODY);
    }

    /** Writes one response; false when the connection cannot carry another (a stream the client left). */
    private static boolean write(OutputStream out, ApiResponse response, boolean keepAlive, boolean head)
            throws IOException {
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(HttpWire.reason(response.status())).append("\r\n");
        h.append("Content-Type: ").append(response.contentType()).append("\r\n");
        h.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n");
        switch (response) {
            case ApiResponse.Full f -> {
                byte[] b = f.body();
                f.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
                // 304 has no body and no Content-Length of its own (RFC 9110 §15.4.5).
                if (f.status() != 304) {
                    h.append("Content-Length: ").append(b.length).append("\r\n");
                }
                h.append("\r\n");
                out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (!head && f.status() != 304) {
                    out.write(b);
                }
                out.flush();
                return true;
            }
            case ApiResponse.Streaming s -> {
                h.append("Transfer-Encoding: chunked\r\n\r\n");
                out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (head) {
                    new ChunkedOutputStream(out).finish();
                    return true;
                }
                ChunkedOutputStream chunks = new ChunkedOutputStream(out);
                s.body().writeTo(chunks);
                chunks.finish();
                return true;
            }
        }
    }
}
