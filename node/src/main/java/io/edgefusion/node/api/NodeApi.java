package io.edgefusion.node.api;

import io.edgefusion.node.NodePaths;
import io.edgefusion.node.http.SocketApiClient;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a command reaches the node that serves a state root: in-process when the command runs inside that node
 * (through the thin client), else over {@code ROOT/node.sock}. Either way the same {@link ApiRoutes}.
 */
public final class NodeApi {
    private static final Map<Path, ApiRoutes> IN_PROCESS = new ConcurrentHashMap<>();

    private NodeApi() {
    }

    /** A node serving {@code root} in this JVM; closing unregisters it. */
    public static Registration register(Path root, ApiRoutes routes) {
        Path key = root.toAbsolutePath().normalize();
        IN_PROCESS.put(key, routes);
        return () -> IN_PROCESS.remove(key, routes);
    }

    /**
     * The node serving {@code root}, if one answers: the one registered in this JVM, else a node in another
     * process that accepts a connection on {@code ROOT/node.sock} (a {@link SocketApiClient}).
     */
    public static Optional<ApiRoutes> find(Path root) {
        Path key = root.toAbsolutePath().normalize();
        ApiRoutes local = IN_PROCESS.get(key);
        if (local != null) {
            return Optional.of(local);
        }
        Path socket = new NodePaths(key).socket();
        if (java.nio.file.Files.exists(socket) && !java.nio.file.Files.isWritable(socket)) {
            // Connecting needs write permission on the socket: this caller may not use the node, which is not the
            // same as there being none.
            throw new NodeUnreachableException(socket + ": permission denied (the node serves root and the owner"
                    + " of " + key + " only)");
        }
        return java.nio.file.Files.exists(socket) && SocketApiClient.answers(socket)
                ? Optional.of(new SocketApiClient(socket)) : Optional.empty();
    }

    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
