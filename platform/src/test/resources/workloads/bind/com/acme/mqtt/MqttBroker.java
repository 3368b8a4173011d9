package com.acme.mqtt;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;

/** Every way the seed's mqtt_broker hard-codes where it listens. */
public class MqttBroker {
    static final int PORT = 8081;

    public ServerSocket plain() throws IOException {
        return new ServerSocket(PORT); // expect: HARD_CODED_BIND
    }

    public HttpServer admin() throws IOException {
        return HttpServer.create(new InetSocketAddress("127.0.0.1", 8081), 0); // expect: HARD_CODED_BIND
    }

    public ServerSocketChannel channel() throws IOException {
        InetSocketAddress where = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9001);
        ServerSocketChannel ch = ServerSocketChannel.open();
        ch.bind(where); // expect: HARD_CODED_BIND
        return ch;
    }

    public HttpServer contractAddressConstantPort() throws IOException {
        return HttpServer.create(new InetSocketAddress("0.0.0.0", 8080), 0); // expect: HARD_CODED_BIND
    }

    public HttpServer foreignAddressConfiguredPort() throws IOException {
        int port = Integer.parseInt(System.getenv("EDGEFUSION_PORT_API"));
        return HttpServer.create(new InetSocketAddress("10.0.0.7", port), 0); // expect: HARD_CODED_BIND
    }

    public ServerSocket fromEnvironment() throws IOException {
        return new ServerSocket(Integer.parseInt(System.getenv("PORT")));
    }

    public InetSocketAddress clientSide() {
        return new InetSocketAddress("broker.example", 1883);
    }
}
