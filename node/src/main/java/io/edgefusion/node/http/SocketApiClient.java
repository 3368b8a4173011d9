package io.edgefusion.node.http;

import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The node's API over {@code ROOT/node.sock} from another process: HTTP/1.1 on an AF_UNIX stream, one connection
 * per request. A streamed answer (chunked) comes back as {@link ApiResponse.Streaming} whose body copies each
 * chunk to the caller's stream as it arrives; {@link #open} gives the raw body as an {@link InputStream} instead.
 * A node that does not answer is a 503 {@link ApiErrors} document naming the socket, like any API error.
 */
public final class SocketApiClient implements ApiRoutes {
    private final Path socket;

    public SocketApiClient(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /** Whether a node accepts connections on {@code socket} now. */
    public static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** One answer with its body still on the wire; closing closes the connection. */
    public record Reply(int status, String contentType, Map<String, String> headers, InputStream body,
                        SocketChannel channel) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Sends {@code request} and returns the answer once its headers are read. */
    public Reply open(ApiRequest request) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        boolean ok = false;
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(ch);
            byte[] body = request.body();
            String target = request.path() + (request.query().isEmpty() ? "" : "?" + request.query().entrySet()
                    .stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
            StringBuilder extra = new StringBuilder();
            request.headers().forEach((k, v) -> {
                if (!k.matches("host|connection|content-length|content-type|transfer-encoding")
                        && (k + v).chars().noneMatch(c -> c == '\r' || c == '\n')) {
                    extra.append(k).append(": ").append(v).append("\r\n");
                }
            });
            String head = request.method() + " " + target + " HTTP/1.1\r\nHost: node\r\nConnection: close\r\n"
                    + extra + (body.length > 0 || !request.method().equals("GET") ? "Content-Length: " + body.length + "\r\n"
                    + "Content-Type: application/json\r\n" : "") + "\r\n";
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // A node that refuses this peer has written one line and closed before the request was sent.
                String line;
                try {
                    line = HttpWire.readLine(in);
                } catch (IOException unread) {
                    throw e;
                }
                refused(line);
                throw e;
            }
            String status = HttpWire.readLine(in);
            if (status == null) {
                throw new IOException(socket + ": the node closed the connection without an answer");
            }
            refused(status);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException(socket + ": bad status line '" + status + "'");
            }
            int code = Integer.parseInt(parts[1]);
            Map<String, String> headers = HttpWire.readHeaders(in);
            InputStream bodyIn;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                bodyIn = new ChunkedInputStream(in);
            } else if (headers.containsKey("content-length")) {
                bodyIn = new BoundedInputStream(in, Long.parseLong(headers.get("content-length").strip()));
            } else {
                bodyIn = in;
            }
            ok = true;
            return new Reply(code, headers.getOrDefault("content-type", "application/octet-stream"), headers,
                    request.method().equalsIgnoreCase("HEAD") ? InputStream.nullInputStream() : bodyIn, ch);
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Reply r;
        try {
            r = open(request);
        } catch (Refused e) {
            return ApiErrors.error(403, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return ApiErrors.error(503, socket + ": no node answers: " + e.getMessage());
        }
        if ("chunked".equalsIgnoreCase(r.headers().get("transfer-encoding"))) {
            return new ApiResponse.Streaming(r.status(), r.contentType(), out -> {
                try (r) {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = r.body().read(buf)) > 0) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            });
        }
        try (r) {
            return new ApiResponse.Full(r.status(), r.contentType(), r.body().readAllBytes());
        } catch (IOException e) {
            return ApiErrors.error(503, socket + ": answer cut off: " + e.getMessage());
        }
    }

    /** The node's refusal of this peer (SO_PEERCRED): one {@code edgefusion: ...} line instead of HTTP. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String line) {
            super(line);
        }
    }

    private static void refused(String line) throws Refused {
        if (line != null && line.startsWith("edgefusion: ")) {
            throw new Refused(line.substring("edgefusion: ".length()));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** At most {@code left} bytes of {@code in}: a Content-Length body. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
