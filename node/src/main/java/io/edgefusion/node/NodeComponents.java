package io.edgefusion.node;

import java.util.List;

/** The components every real node runs, in start order; each area adds its one line here. */
public final class NodeComponents {
    private NodeComponents() {
    }

    public static List<NodeComponent> builtIn() {
        return List.of();
    }
}
