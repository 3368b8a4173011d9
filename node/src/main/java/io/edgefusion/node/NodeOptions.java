package io.edgefusion.node;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to start a node.
 *
 * @param root          the state root it serves (and owns while it runs)
 * @param profile       a trim profile whose platform modules the node runs, if any
 * @param apiListen     the TCP API listener; empty for the default ({@link ListenDefaults})
 * @param metricsListen the Prometheus listener; empty for the default
 * @param trustedKey    the key production profiles are verified with; empty for the installed trust anchor
 * @param env           the environment the node was started with: {@code EDGEFUSION_BIND_ADDRESS},
 *                      {@code EDGEFUSION_PORT_API}, {@code EDGEFUSION_PORT_METRICS},
 *                      {@code EDGEFUSION_READY_WITHOUT_DEVICES}
 * @param log           where the node's log lines (the {@code ready} line included) go
 */
public record NodeOptions(Path root, Optional<Path> profile, Optional<Listen> apiListen,
                          Optional<Listen> metricsListen, Optional<Path> trustedKey, Map<String, String> env,
                          PrintStream log) {
    public NodeOptions {
        root = root.toAbsolutePath().normalize();
        env = Map.copyOf(env);
    }

    /** A node on {@code root} without a profile, both listeners on loopback with free ports (tests, tools). */
    public static NodeOptions ephemeral(Path root, PrintStream log) {
        return new NodeOptions(root, Optional.empty(), Optional.of(new Listen("127.0.0.1", 0)),
                Optional.of(new Listen("127.0.0.1", 0)), Optional.empty(), Map.of(), log);
    }

    public NodeOptions withProfile(Path file) {
        return new NodeOptions(root, Optional.of(file), apiListen, metricsListen, trustedKey, env, log);
    }

    public NodeOptions withEnv(Map<String, String> more) {
        var m = new java.util.HashMap<>(env);
        m.putAll(more);
        return new NodeOptions(root, profile, apiListen, metricsListen, trustedKey, m, log);
    }

    public NodeOptions withTrustedKey(Path key) {
        return new NodeOptions(root, profile, apiListen, metricsListen, Optional.of(key), env, log);
    }
}
