package io.edgefusion.node;

import java.nio.file.Path;

/**
 * Where a node keeps its things under a state root. The socket, the lock and the database live beside the
 * sandboxes and images they serve, so a root is one unit: copy it, remove it, or serve it by one node at a time.
 *
 * @param root the state root (the CLI's {@code --root})
 */
public record NodePaths(Path root) {
    /** The node's socket: mode 0600, peers checked with SO_PEERCRED (root or the root's owner only). */
    public static final String SOCKET = "node.sock";
    /** Held (flock) by the node that serves the root, for as long as it runs. */
    public static final String LOCK = "node.lock";
    /** The node's own directory: its database and the SQLite native library extracted for it. */
    public static final String NODE_DIR = "node";
    public static final String DATABASE = "state.db";
    public static final String NATIVE_LIB_DIR = "lib";

    public Path socket() {
        return root.resolve(SOCKET);
    }

    public Path lock() {
        return root.resolve(LOCK);
    }

    public Path nodeDir() {
        return root.resolve(NODE_DIR);
    }

    public Path database() {
        return nodeDir().resolve(DATABASE);
    }

    public Path nativeLibDir() {
        return nodeDir().resolve(NATIVE_LIB_DIR);
    }
}
