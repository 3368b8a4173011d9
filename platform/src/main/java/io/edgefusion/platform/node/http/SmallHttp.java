package io.edgefusion.platform.node.http;

import com.sun.net.httpserver.HttpServer;
import io.edgefusion.platform.module.NodeContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The JDK's small HTTP server on virtual threads, bound where configuration says: the port from the profile or
 * {@code EDGEFUSION_PORT_<SERVICE>}, the address from {@code EDGEFUSION_BIND_ADDRESS} (default the contract's
 * wildcard). Never a constant — the contract forbids it and the verifier would catch it. Inside the node, the
 * node's own listener for the service is used instead ({@link NodeContext#listeners}): closing then removes only
 * this module's paths.
 */
public final class SmallHttp implements AutoCloseable {
    private final HttpServer server;
    private final boolean owned;
    private final List<String> paths = new ArrayList<>();

    private SmallHttp(HttpServer server, boolean owned) {
        this.server = server;
        this.owned = owned;
    }

    public static SmallHttp listen(NodeContext ctx, String service) throws IOException {
        HttpServer shared = ctx.listeners().get(service);
        if (shared != null) {
            return new SmallHttp(shared, false);
        }
        String host = System.getenv().getOrDefault("EDGEFUSION_BIND_ADDRESS", "0.0.0.0");
        HttpServer s = HttpServer.create(new InetSocketAddress(host, ctx.port(service)), 16);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        return new SmallHttp(s, true);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void text(String path, Supplier<String> body) {
        paths.add(path);
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
        if (owned) {
            server.stop(0);
        } else {
            paths.forEach(server::removeContext);
        }
    }
}
