package io.edgefusion.platform.node.http;

import com.sun.net.httpserver.HttpServer;
import io.edgefusion.platform.module.NodeContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The JDK's small HTTP server on virtual threads, bound where configuration says: the port from the profile or
 * {@code EDGEFUSION_PORT_<SERVICE>}, the address from {@code EDGEFUSION_BIND_ADDRESS} (default the contract's
 * wildcard). Never a constant — the contract forbids it and the verifier would catch it.
 */
public final class SmallHttp implements AutoCloseable {
    private final HttpServer server;

    private SmallHttp(HttpServer server) {
        this.server = server;
    }

    public static SmallHttp listen(NodeContext ctx, String service) throws IOException {
        String host = System.getenv().getOrDefault("EDGEFUSION_BIND_ADDRESS", "0.0.0.0");
        HttpServer s = HttpServer.create(new InetSocketAddress(host, ctx.port(service)), 16);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        return new SmallHttp(s);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void text(String path, Supplier<String> body) {
        server.createContext(path, ex -> {
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
