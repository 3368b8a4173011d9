package io.edgefusion.node.deploy;

import io.edgefusion.platform.yaml.YMap;
import io.edgefusion.platform.yaml.YamlDoc;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The probe of a {@code health} mapping and its defaults. Defaults: a probe every 5s (docker's 30s is slow to
 * notice on an edge box, Kubernetes' 10s too), a timeout of half the interval but at most 1s, 3 retries.
 */
final class HealthFields {
    static final List<String> PROBES = List.of("exec", "http", "tcp");
    static final List<String> KEYS = List.of("exec", "http", "tcp", "interval", "timeout", "retries");
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    static final int DEFAULT_RETRIES = 3;
    /** {@code tcp: 8080} connects here: the workload's own loopback, inside its network namespace. */
    static final String DEFAULT_TCP_HOST = "127.0.0.1";

    private HealthFields() {
    }

    static Duration defaultTimeout(Duration interval) {
        Duration half = interval.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(1)) < 0 ? half : Duration.ofSeconds(1);
    }

    /** Exactly one of exec, http and tcp; the probe when it is well formed. */
    static Optional<HealthCheck.Probe> probe(YamlDoc doc, YMap h, String qualified) {
        List<String> kinds = PROBES.stream().filter(h::has).toList();
        if (kinds.size() != 1) {
            String got = kinds.isEmpty() ? "none" : kinds.size() == 2 ? kinds.get(0) + " and " + kinds.get(1)
                    : "exec, http and tcp";
            doc.problem(kinds.isEmpty() ? h.mark() : h.keyMark(kinds.get(1)), "'" + qualified
                    + "' must have exactly one of 'exec', 'http' or 'tcp', got " + got);
            return Optional.empty();
        }
        return switch (kinds.getFirst()) {
            case "exec" -> exec(doc, h, qualified + ".exec");
            case "http" -> http(doc, h, qualified + ".http");
            default -> tcp(doc, h, qualified + ".tcp");
        };
    }

    private static Optional<HealthCheck.Probe> exec(YamlDoc doc, YMap h, String qualified) {
        List<YMap.Item> argv = h.strings("exec");
        if (argv.isEmpty()) {
            if (h.node("exec").orElse(null) instanceof SequenceNode) {
                doc.problem(h.valueMark("exec"), "'" + qualified + "' must name a command to run");
            }
            return Optional.empty();
        }
        return Optional.of(new HealthCheck.Probe.Exec(argv.stream().map(YMap.Item::value).toList()));
    }

    /** {@code http: http://127.0.0.1:8080/health}: plain HTTP only (a probe checks liveness, not certificates). */
    private static Optional<HealthCheck.Probe> http(YamlDoc doc, YMap h, String qualified) {
        return h.string("http").flatMap(url -> {
            try {
                URI u = new URI(url);
                if ("http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null && u.getPort() <= 65535
                        && u.getUserInfo() == null) {
                    return Optional.of(new HealthCheck.Probe.Http(u));
                }
            } catch (URISyntaxException e) {
                // reported below, the same way as a wrong scheme
            }
            doc.problem(h.valueMark("http"), "'" + qualified + "' must be an http:// URL with a host, like"
                    + " http://127.0.0.1:8080/health, got '" + url + "'");
            return Optional.empty();
        });
    }

    /** {@code tcp: 8080} (the workload's own 127.0.0.1) or {@code tcp: HOST:PORT}. */
    private static Optional<HealthCheck.Probe> tcp(YamlDoc doc, YMap h, String qualified) {
        Node n = h.node("tcp").orElseThrow();
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            return port(doc, h, qualified, s.getValue()).map(p -> new HealthCheck.Probe.Tcp(DEFAULT_TCP_HOST, p));
        }
        return h.string("tcp").flatMap(v -> {
            int colon = v.lastIndexOf(':');
            String host = colon > 0 ? v.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty() || host.contains("/") || colon == v.length() - 1) {
                doc.problem(h.valueMark("tcp"), "'" + qualified + "' must be a port (1..65535) or HOST:PORT, got '"
                        + v + "'");
                return Optional.empty();
            }
            String hostName = host;
            return port(doc, h, qualified, v.substring(colon + 1)).map(p -> new HealthCheck.Probe.Tcp(hostName, p));
        });
    }

    private static Optional<Integer> port(YamlDoc doc, YMap h, String qualified, String text) {
        try {
            int p = Integer.parseInt(text.replace("_", ""));
            if (p >= 1 && p <= 65535) {
                return Optional.of(p);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        doc.problem(h.valueMark("tcp"), "'" + qualified + "' port must be 1..65535, got " + text);
        return Optional.empty();
    }
}
