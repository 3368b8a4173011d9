package io.edgefusion.node.api;

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

    /** The node serving {@code root}, if one answers. */
    public static Optional<ApiRoutes> find(Path root) {
        return Optional.ofNullable(IN_PROCESS.get(root.toAbsolutePath().normalize()));
    }

    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
