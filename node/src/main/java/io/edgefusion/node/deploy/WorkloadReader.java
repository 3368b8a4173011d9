package io.edgefusion.node.deploy;

import io.edgefusion.guardian.config.Durations;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.platform.yaml.SourceMark;
import io.edgefusion.platform.yaml.YMap;
import io.edgefusion.platform.yaml.YamlDoc;
import io.edgefusion.sandbox.network.PortMapping;
import io.edgefusion.sandbox.spec.NetworkJoin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Reads one item of {@code workloads}; problems go to the document, the spec only when its parts are there. */
final class WorkloadReader {
    static final List<String> KEYS = List.of("name", "image", "rootfs", "command", "env", "resources", "restart",
            "health", "after", "gcTrace", "ports", "network");
    static final List<String> RESOURCE_KEYS = List.of("memory", "cpus", "pids");
    static final List<String> RESTART_KEYS = List.of("policy", "backoff");
    static final List<String> BACKOFF_KEYS = List.of("initial", "max");
    static final List<String> POLICIES = List.of("no", "on-failure", "always");
    /**
     * A deployment is a service meant to stay up, so it restarts by default (as a Kubernetes pod does); {@code run}
     * keeps docker's default of {@code no}.
     */
    static final RestartPolicy.Mode DEFAULT_POLICY = RestartPolicy.Mode.ALWAYS;
    static final Duration DEFAULT_INITIAL = Duration.ofMillis(100);
    static final Duration DEFAULT_MAX = Duration.ofSeconds(10);

    private final YamlDoc doc;
    private final YMap w;
    private final Path directory;
    private final String path;

    WorkloadReader(YamlDoc doc, YMap w, Path directory) {
        this.doc = doc;
        this.w = w;
        this.directory = directory;
        this.path = w.path();
    }

    /** A workload as read: its name and {@code after} items (for the deployment's checks) and its spec. */
    record Read(String path, Optional<YMap.Item> name, List<YMap.Item> after, Optional<WorkloadSpec> spec) {
    }

    Read read() {
        w.allowOnly(KEYS);
        FieldRules.require(w, "name", KEYS);
        Optional<YMap.Item> name = w.string("name").map(n -> new YMap.Item(n, w.valueMark("name")))
                .filter(n -> FieldRules.name(doc, n.at(), q("name"), n.value()));
        Optional<WorkloadSpec.Source> source = source();
        List<String> command = command(source);
        Map<String, String> env = env();
        if (w.bool("gcTrace").orElse(false)) {
            // as run --gc-trace: the env itself carries it, so a revision with or without it differs by its env
            env = io.edgefusion.runtime.spec.GcTrace.apply(env);
        }
        Resources resources = w.map("resources").map(this::resources).orElse(Resources.none());
        RestartPolicy restart = w.map("restart").map(this::restart)
                .orElse(new RestartPolicy(DEFAULT_POLICY, DEFAULT_INITIAL, DEFAULT_MAX));
        Optional<HealthCheck> health = w.map("health").flatMap(h -> new HealthReader(h).read());
        List<YMap.Item> after = w.strings("after");
        List<String> ports = ports();
        Optional<String> network = network(ports);
        Optional<WorkloadSpec> spec = name.isPresent() && source.isPresent()
                ? Optional.of(new WorkloadSpec(name.get().value(), source.get(), command, env, resources, restart,
                health, after.stream().map(YMap.Item::value).distinct().toList(), ports, network))
                : Optional.empty();
        return new Read(path, name, after, spec);
    }

    private Optional<WorkloadSpec.Source> source() {
        boolean image = w.has("image");
        boolean rootfs = w.has("rootfs");
        if (image == rootfs) {
            // both: at whichever of the two comes second, the one that broke the rule
            SourceMark at = !image ? w.mark() : w.keys().indexOf("image") > w.keys().indexOf("rootfs")
                    ? w.keyMark("image") : w.keyMark("rootfs");
            doc.problem(at, "'" + path + "' must have exactly one of 'image' or 'rootfs', got "
                    + (image ? "both" : "neither"));
            return Optional.empty();
        }
        if (image) {
            return w.string("image").flatMap(ref -> {
                try {
                    ImageRef.parse(ref);
                    return Optional.of(new WorkloadSpec.Source.Image(ref));
                } catch (ImageException e) {
                    doc.problem(w.valueMark("image"), "'" + q("image") + "': " + e.getMessage());
                    return Optional.empty();
                }
            });
        }
        return w.string("rootfs").flatMap(dir -> {
            Path p = directory.resolve(dir).normalize();
            if (!Files.isDirectory(p)) {
                doc.problem(w.valueMark("rootfs"), "'" + q("rootfs") + "' " + dir + ": no such directory"
                        + (p.toString().equals(dir) ? "" : " (" + p + ")"));
                return Optional.empty();
            }
            return Optional.of(new WorkloadSpec.Source.Rootfs(p));
        });
    }

    private List<String> command(Optional<WorkloadSpec.Source> source) {
        if (!w.has("command")) {
            if (source.orElse(null) instanceof WorkloadSpec.Source.Rootfs) {
                doc.problem(w.mark(), "'" + q("command") + "' is required with 'rootfs' (a directory has no image"
                        + " config to take the command from)");
            }
            return List.of();
        }
        List<YMap.Item> items = w.strings("command");
        if (items.isEmpty() && w.node("command").orElse(null)
                instanceof org.snakeyaml.engine.v2.nodes.SequenceNode) {
            doc.problem(w.valueMark("command"), "'" + q("command") + "' must not be empty (leave it out to run the"
                    + " image's entrypoint and cmd)");
        }
        return items.stream().map(YMap.Item::value).toList();
    }

    /** {@code ports: ["127.0.0.1:8080:80", ...]}: each in {@code run -p}'s syntax, checked where it stands. */
    private List<String> ports() {
        List<String> out = new ArrayList<>();
        for (YMap.Item p : w.strings("ports")) {
            try {
                PortMapping.parse(p.value());
                out.add(p.value());
            } catch (IllegalArgumentException e) {
                doc.problem(p.at(), "'" + q("ports") + "': " + e.getMessage());
            }
        }
        return out;
    }

    /** {@code network: bridge | NAME | none | host}; ports need a bridge network. */
    private Optional<String> network(List<String> ports) {
        Optional<String> net = w.string("network");
        if (net.isPresent()) {
            try {
                NetworkJoin.parse(net.get(), ports, List.of(), List.of());
            } catch (IllegalArgumentException e) {
                doc.problem(w.valueMark("network"), "'" + q("network") + "': " + e.getMessage());
                return Optional.empty();
            }
        } else if (!ports.isEmpty()) {
            doc.problem(w.keyMark("ports"), "'" + q("ports") + "' needs 'network' (bridge or a network's name)");
        }
        return net;
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        w.map("env").ifPresent(e -> {
            for (String k : e.keys()) {
                if (k.isEmpty() || k.contains("=") || k.indexOf('\0') >= 0) {
                    doc.problem(e.keyMark(k), "'" + q("env") + "': '" + k + "' is not a variable name (it must be"
                            + " non-empty, without '=')");
                    continue;
                }
                e.string(k).ifPresent(v -> env.put(k, v));
            }
        });
        return env;
    }

    private Resources resources(YMap r) {
        r.allowOnly(RESOURCE_KEYS);
        OptionalLong memory = FieldRules.memory(r, "memory", q("resources.memory"));
        OptionalDouble cpus = FieldRules.cpus(r, "cpus", q("resources.cpus"));
        OptionalLong pids = FieldRules.atLeast(r, "pids", q("resources.pids"), 1)
                .map(p -> OptionalLong.of(p)).orElse(OptionalLong.empty());
        return new Resources(memory, cpus, pids);
    }

    private RestartPolicy restart(YMap r) {
        r.allowOnly(RESTART_KEYS);
        RestartPolicy.Mode mode = FieldRules.oneOf(r, "policy", q("restart.policy"), POLICIES)
                .map(p -> RestartPolicy.Mode.valueOf(p.toUpperCase(java.util.Locale.ROOT).replace('-', '_')))
                .orElse(DEFAULT_POLICY);
        Duration initial = DEFAULT_INITIAL;
        Duration max = DEFAULT_MAX;
        Optional<YMap> backoff = r.map("backoff");
        if (backoff.isPresent()) {
            YMap b = backoff.get();
            b.allowOnly(BACKOFF_KEYS);
            Optional<Duration> i = FieldRules.duration(b, "initial", q("restart.backoff.initial"));
            Optional<Duration> m = FieldRules.duration(b, "max", q("restart.backoff.max"));
            initial = i.orElse(DEFAULT_INITIAL);
            // an initial above the default max, with no max, means "start there": only an explicit max caps it
            max = m.orElse(initial.compareTo(DEFAULT_MAX) > 0 ? initial : DEFAULT_MAX);
            if (i.isPresent() && m.isPresent() && initial.compareTo(max) > 0) {
                doc.problem(b.valueMark("initial"), "'" + q("restart.backoff.initial") + "' "
                        + b.string("initial").orElse("") + " is above 'max' " + b.string("max").orElse(""));
            } else if (i.isEmpty() && m.isPresent() && m.get().compareTo(DEFAULT_INITIAL) < 0) {
                doc.problem(b.valueMark("max"), "'" + q("restart.backoff.max") + "' " + b.string("max").orElse("")
                        + " is below 'initial' " + Durations.format(DEFAULT_INITIAL) + " (the default)");
            }
        }
        return new RestartPolicy(mode, initial, max);
    }

    private String q(String key) {
        return path + "." + key;
    }

    /** {@code health: {exec: [...] | http: URL | tcp: PORT, interval, timeout, retries}}. */
    private final class HealthReader {
        private final YMap h;

        HealthReader(YMap h) {
            this.h = h;
        }

        Optional<HealthCheck> read() {
            h.allowOnly(HealthFields.KEYS);
            Optional<HealthCheck.Probe> probe = HealthFields.probe(doc, h, q("health"));
            Duration interval = FieldRules.duration(h, "interval", q("health.interval"))
                    .orElse(HealthFields.DEFAULT_INTERVAL);
            Optional<Duration> timeout = FieldRules.duration(h, "timeout", q("health.timeout"));
            if (timeout.isPresent() && timeout.get().compareTo(interval) >= 0) {
                doc.problem(h.valueMark("timeout"), "'" + q("health.timeout") + "' " + h.string("timeout").orElse("")
                        + " must be shorter than 'interval' " + h.string("interval")
                        .orElse(Durations.format(interval) + " (the default)"));
            }
            int retries = FieldRules.atLeast(h, "retries", q("health.retries"), 1).orElse(HealthFields.DEFAULT_RETRIES);
            Duration t = timeout.orElse(HealthFields.defaultTimeout(interval));
            return probe.map(p -> new HealthCheck(p, interval, t, retries));
        }
    }

    static List<String> names(List<Read> reads) {
        List<String> out = new ArrayList<>();
        reads.forEach(r -> r.name().ifPresent(n -> out.add(n.value())));
        return out;
    }
}
