package io.edgefusion.node.supervise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.node.deploy.Deployment;
import io.edgefusion.node.deploy.HealthCheck;
import io.edgefusion.node.deploy.Resources;
import io.edgefusion.node.deploy.RestartPolicy;
import io.edgefusion.node.deploy.WorkloadSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Deployments and workloads as the JSON the supervisor keeps in its rows, so a new node can restart a workload
 * or finish a rollout from the database alone. Durations are milliseconds; the shape is private to these tables.
 */
final class SpecCodec {
    private static final ObjectMapper M = new ObjectMapper();

    private SpecCodec() {
    }

    static String deployment(Deployment d) {
        ObjectNode o = M.createObjectNode();
        o.put("name", d.name());
        ArrayNode ws = o.putArray("workloads");
        d.workloads().forEach(w -> ws.add(tree(w)));
        return o.toString();
    }

    static Deployment deployment(String json) {
        JsonNode o = parse(json);
        List<WorkloadSpec> ws = new ArrayList<>();
        o.get("workloads").forEach(w -> ws.add(workload(w)));
        return new Deployment(o.get("name").asText(), ws);
    }

    static String workload(WorkloadSpec w) {
        return tree(w).toString();
    }

    static WorkloadSpec workload(String json) {
        return workload(parse(json));
    }

    private static JsonNode parse(String json) {
        try {
            return M.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("supervisor row: not its JSON", e);
        }
    }

    private static ObjectNode tree(WorkloadSpec w) {
        ObjectNode o = M.createObjectNode();
        o.put("name", w.name());
        switch (w.source()) {
            case WorkloadSpec.Source.Image i -> o.put("image", i.reference());
            case WorkloadSpec.Source.Rootfs r -> o.put("rootfs", r.directory().toString());
        }
        ArrayNode cmd = o.putArray("command");
        w.command().forEach(cmd::add);
        ObjectNode env = o.putObject("env");
        new java.util.TreeMap<>(w.env()).forEach(env::put);
        ObjectNode res = o.putObject("resources");
        w.resources().memoryBytes().ifPresent(v -> res.put("memory", v));
        w.resources().cpus().ifPresent(v -> res.put("cpus", v));
        w.resources().pids().ifPresent(v -> res.put("pids", v));
        ObjectNode restart = o.putObject("restart");
        restart.put("policy", w.restart().mode().name());
        restart.put("initialMs", w.restart().initial().toMillis());
        restart.put("maxMs", w.restart().max().toMillis());
        w.health().ifPresent(h -> {
            ObjectNode ho = o.putObject("health");
            switch (h.probe()) {
                case HealthCheck.Probe.Exec e -> {
                    ArrayNode a = ho.putArray("exec");
                    e.command().forEach(a::add);
                }
                case HealthCheck.Probe.Http http -> ho.put("http", http.url().toString());
                case HealthCheck.Probe.Tcp tcp -> ho.put("tcpHost", tcp.host()).put("tcpPort", tcp.port());
            }
            ho.put("intervalMs", h.interval().toMillis());
            ho.put("timeoutMs", h.timeout().toMillis());
            ho.put("retries", h.retries());
        });
        ArrayNode after = o.putArray("after");
        w.after().forEach(after::add);
        if (!w.ports().isEmpty()) {
            ArrayNode ports = o.putArray("ports");
            w.ports().forEach(ports::add);
        }
        w.network().ifPresent(n -> o.put("network", n));
        return o;
    }

    private static WorkloadSpec workload(JsonNode o) {
        WorkloadSpec.Source source = o.has("image") ? new WorkloadSpec.Source.Image(o.get("image").asText())
                : new WorkloadSpec.Source.Rootfs(Path.of(o.get("rootfs").asText()));
        Map<String, String> env = new LinkedHashMap<>();
        o.get("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        JsonNode r = o.get("resources");
        Resources res = new Resources(r.has("memory") ? OptionalLong.of(r.get("memory").asLong()) : OptionalLong.empty(),
                r.has("cpus") ? OptionalDouble.of(r.get("cpus").asDouble()) : OptionalDouble.empty(),
                r.has("pids") ? OptionalLong.of(r.get("pids").asLong()) : OptionalLong.empty());
        JsonNode rp = o.get("restart");
        RestartPolicy restart = new RestartPolicy(RestartPolicy.Mode.valueOf(rp.get("policy").asText()),
                Duration.ofMillis(rp.get("initialMs").asLong()), Duration.ofMillis(rp.get("maxMs").asLong()));
        Optional<HealthCheck> health = Optional.empty();
        if (o.has("health")) {
            JsonNode h = o.get("health");
            HealthCheck.Probe probe;
            if (h.has("exec")) {
                probe = new HealthCheck.Probe.Exec(strings(h.get("exec")));
            } else if (h.has("http")) {
                probe = new HealthCheck.Probe.Http(URI.create(h.get("http").asText()));
            } else {
                probe = new HealthCheck.Probe.Tcp(h.get("tcpHost").asText(), h.get("tcpPort").asInt());
            }
            health = Optional.of(new HealthCheck(probe, Duration.ofMillis(h.get("intervalMs").asLong()),
                    Duration.ofMillis(h.get("timeoutMs").asLong()), h.get("retries").asInt()));
        }
        return new WorkloadSpec(o.get("name").asText(), source, strings(o.get("command")), env, res, restart, health,
                strings(o.get("after")), o.has("ports") ? strings(o.get("ports")) : List.of(),
                o.has("network") ? Optional.of(o.get("network").asText()) : Optional.empty());
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}
