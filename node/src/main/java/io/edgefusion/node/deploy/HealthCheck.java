package io.edgefusion.node.deploy;

import java.time.Duration;
import java.util.List;

/**
 * {@code health: {exec: [...] | http: URL | tcp: PORT, interval: 1s, timeout: 500ms, retries: 3}}: a probe run
 * every interval; {@code retries} failures in a row make the workload unhealthy. tcp and http connect inside
 * the workload's network namespace ({@code 127.0.0.1} is its own loopback).
 */
public record HealthCheck(Probe probe, Duration interval, Duration timeout, int retries) {
    public sealed interface Probe {
        record Exec(List<String> command) implements Probe {
            public Exec {
                command = List.copyOf(command);
            }
        }

        /** GET of {@code url} (host and port inside the workload's network namespace); 2xx/3xx is healthy. */
        record Http(java.net.URI url) implements Probe {
        }

        record Tcp(String host, int port) implements Probe {
        }
    }

    /** One line for reasons: {@code http http://127.0.0.1:8080/health (timeout 500ms)}. */
    public String describe() {
        String what = switch (probe) {
            case Probe.Exec e -> "exec " + String.join(" ", e.command());
            case Probe.Http h -> "http " + h.url();
            case Probe.Tcp t -> "tcp " + t.host() + ":" + t.port();
        };
        return what + " (timeout " + timeout.toMillis() + "ms)";
    }
}
