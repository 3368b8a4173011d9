package io.edgefusion.node.api;

import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /v1/node} tells: the root a node serves, its process, when it started, its version, the
 * profile and platform modules it runs, where it listens.
 */
public record NodeInfo(String root, long pid, String started, String version, Optional<ProfileInfo> profile,
                       List<String> modules, Listeners listeners) {
    public NodeInfo {
        modules = List.copyOf(modules);
    }

    public record ProfileInfo(String file, String platform, String stage) {
    }

    /** {@code ADDR:PORT} of each listener; empty when it is off. */
    public record Listeners(String socket, Optional<String> api, Optional<String> metrics) {
    }
}
