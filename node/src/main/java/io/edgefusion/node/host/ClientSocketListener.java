package io.edgefusion.node.host;

import io.edgefusion.node.NodePaths;
import io.edgefusion.node.http.SocketListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The node's real socket: {@link NodeSocket} (0600, peers checked with SO_PEERCRED) serving thin clients with
 * {@code runner} — the CLI's own command tree — and everything else as HTTP.
 */
public final class ClientSocketListener implements SocketListener {
    private final NodeSocket socket;

    private ClientSocketListener(NodeSocket socket) {
        this.socket = socket;
    }

    /** The binder a node uses when it hosts CLI commands. */
    public static Binder binder(CommandRunner runner) {
        CommandHost host = new CommandHost(runner);
        return (path, http) -> new ClientSocketListener(NodeSocket.open(new NodePaths(path.getParent()), host, http));
    }

    @Override
    public Path path() {
        return socket.path();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + socket.path(), e);
        }
    }
}
