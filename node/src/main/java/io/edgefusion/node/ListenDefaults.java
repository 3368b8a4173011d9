package io.edgefusion.node;

import java.util.Map;
import java.util.Optional;

/**
 * Where the node listens when not told: the profile's service port when it names one (on
 * {@code EDGEFUSION_BIND_ADDRESS}, default {@code 0.0.0.0}, as the platform modules bind), else loopback on a
 * fixed port — {@value #API_PORT} for the API, {@value #METRICS_PORT} for metrics. {@code EDGEFUSION_PORT_API}
 * and {@code EDGEFUSION_PORT_METRICS} override the port either way, exactly as they do for the modules.
 */
public final class ListenDefaults {
    public static final int API_PORT = 7390;
    public static final int METRICS_PORT = 7391;

    private ListenDefaults() {
    }

    /** The listener for {@code service} ("api" or "metrics"). */
    public static Listen of(String service, Optional<Listen> given, Optional<Integer> profilePort,
                            Map<String, String> env) {
        if (given.isPresent()) {
            return given.get();
        }
        String bind = env.get("EDGEFUSION_BIND_ADDRESS");
        String portEnv = env.get("EDGEFUSION_PORT_" + service.toUpperCase());
        int fixed = service.equals("api") ? API_PORT : METRICS_PORT;
        int port = portEnv != null ? Integer.parseInt(portEnv.trim()) : profilePort.orElse(fixed);
        String host = bind != null ? bind : profilePort.isPresent() ? "0.0.0.0" : "127.0.0.1";
        return new Listen(host, port);
    }
}
