package com.acme.ok;

import com.sun.net.httpserver.HttpServer;
import io.edgefusion.platform.log.NodeLog;
import io.edgefusion.platform.log.TraceId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Binds where configuration says and logs through the platform entry. */
public class Telemetry {
    private final NodeLog log;

    public Telemetry(NodeLog log) {
        this.log = log;
    }

    public HttpServer serve() throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("EDGEFUSION_PORT_API", "8080"));
        String host = System.getenv().getOrDefault("EDGEFUSION_BIND_ADDRESS", "0.0.0.0");
        HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 0);
        log.info(TraceId.create(), "telemetry on " + s.getAddress());
        return s;
    }

    /** The contract's own how-to-fix: the wildcard address with the configured port. */
    public HttpServer onTheContractAddress() throws IOException {
        int port = Integer.parseInt(System.getenv("EDGEFUSION_PORT_API"));
        return HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
    }

    public ServerSocket raw(int configuredPort) throws IOException {
        return new ServerSocket(configuredPort);
    }
}
