package io.edgefusion.node.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgefusion.node.Listen;
import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.ApiRoutes;
import io.edgefusion.node.api.Peer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP listener (the API's or the metrics') on the JDK's HTTP server, one virtual thread per exchange, every path
 * handed to one {@link ApiRoutes}. Platform modules hosted by the node add their own paths to {@link #server()}
 * (a longer context wins over the routes' {@code /}). Callers over TCP carry no credentials: {@link Peer#REMOTE}.
 */
public final class TcpListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TcpListener.class.getName());

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;

    private TcpListener(String name, HttpServer server, ExecutorService executor) {
        this.name = name;
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code listen} and serves {@code routes}; the message names the listener and the address. */
    public static TcpListener open(String name, Listen listen, ApiRoutes routes) throws IOException {
        HttpServer s;
        try {
            s = HttpServer.create(listen.address(), 64);
        } catch (IOException e) {
            throw new IOException(name + " listener " + listen + ": " + e.getMessage()
                    + " (choose another with --" + name + "-listen ADDR:PORT)", e);
        }
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        s.setExecutor(ex);
        s.createContext("/", exchange -> serve(exchange, routes));
        s.start();
        return new TcpListener(name, s, ex);
    }

    private static void serve(HttpExchange ex, ApiRoutes routes) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes((int) HttpConnection.MAX_BODY + 1);
            }
            ApiResponse r = body.length > HttpConnection.MAX_BODY
                    ? ApiErrors.error(413, "body over " + HttpConnection.MAX_BODY + " bytes")
                    : routes.handle(new ApiRequest(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    HttpWire.query(ex.getRequestURI().getRawQuery()), body, Peer.REMOTE, headers(ex)));
            boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
            ex.getResponseHeaders().set("Content-Type", r.contentType());
            switch (r) {
                case ApiResponse.Full f -> {
                    f.headers().forEach(ex.getResponseHeaders()::set);
                    byte[] b = f.body();
                    ex.sendResponseHeaders(f.status(), head || b.length == 0 ? -1 : b.length);
                    if (!head && b.length > 0) {
                        try (OutputStream o = ex.getResponseBody()) {
                            o.write(b);
                        }
                    }
                }
                case ApiResponse.Streaming s -> {
                    ex.sendResponseHeaders(s.status(), head ? -1 : 0);
                    if (!head) {
                        try (OutputStream o = new FlushEachWrite(ex.getResponseBody())) {
                            s.body().writeTo(o);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, ex.getRequestURI() + ": " + e.getMessage());
            throw e;
        }
    }

    /** The request's headers as the routes see them: names lower-cased, repeats joined with ", ". */
    private static Map<String, String> headers(HttpExchange ex) {
        Map<String, String> h = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        return h;
    }

    public HttpServer server() {
        return server;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The JDK server buffers chunks; a stream's writes must reach the client when they happen. */
    private static final class FlushEachWrite extends FilterOutputStream {
        FlushEachWrite(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            out.flush();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            out.flush();
        }
    }
}
