package io.edgefusion.node.http;

import io.edgefusion.node.api.ConnectionHandler;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The node's listener on {@code ROOT/node.sock}: made with mode 0600 before anyone can connect, each accepted
 * connection served by a handler, the socket file removed on close. {@link io.edgefusion.node.host.ClientSocketListener} is the one
 * implementation: SO_PEERCRED checks and the thin client's dispatch; {@link Binder} lets a node choose its command runner.
 */
public interface SocketListener extends AutoCloseable {
    Path path();

    /** Stops accepting, closes open connections, removes the socket file. */
    @Override
    void close();

    /** Makes the listener on {@code socket}, handing connections that speak HTTP to {@code http}. */
    @FunctionalInterface
    interface Binder {
        SocketListener bind(Path socket, ConnectionHandler http) throws IOException;
    }
}
