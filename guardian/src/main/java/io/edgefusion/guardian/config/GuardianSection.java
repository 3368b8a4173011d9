package io.edgefusion.guardian.config;

import io.edgefusion.guardian.breaker.BreakerConfig;
import io.edgefusion.platform.yaml.YMap;
import io.edgefusion.platform.yaml.YamlDoc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code guardian:} section of a deployment file. The node's deployment reader calls
 * {@link #read(YMap)} with the deployment's top-level mapping; problems are recorded in its document at the
 * value's line and column, like every other key of the file, and the defaults fill what is missing or wrong.
 *
 * <pre>
 * guardian:
 *   interval: 1s        # how often checks run; at most the stage's interval (dev 5s, pre-release 2s, production 1s)
 *   stable: 30s         # passing this long makes a revision the last-known-good one
 *   prevent: bind       # bind: the contract's listen rule as cgroup BPF bind programs; off: detection only
 *   breaker:
 *     failures: 3       # failed checks (exits included) within the window that open the breaker
 *     window: 30s       # the sliding window
 *     cooldown: 10s     # open this long before probation (half-open)
 *     probe: 10s        # probation without failure this long closes it again
 * </pre>
 */
public final class GuardianSection {
    public static final String KEY = "guardian";
    static final List<String> KEYS = List.of("interval", "stable", "prevent", "breaker");
    static final List<String> BREAKER_KEYS = List.of("failures", "window", "cooldown", "probe");

    private GuardianSection() {
    }

    /** The section under {@code parent} (the deployment's root mapping); defaults when it has none. */
    public static GuardianConfig read(YMap parent) {
        if (!parent.has(KEY)) {
            return GuardianConfig.defaults();
        }
        Optional<YMap> section = parent.map(KEY);
        if (section.isEmpty()) {
            return GuardianConfig.defaults();
        }
        YMap g = section.get();
        g.allowOnly(KEYS);
        Optional<Duration> interval = duration(g, "interval");
        Duration stable = duration(g, "stable").orElse(GuardianConfig.DEFAULT_STABLE);
        BreakerConfig breaker = g.has("breaker") ? g.map("breaker").map(GuardianSection::breaker)
                .orElse(BreakerConfig.defaults()) : BreakerConfig.defaults();
        GuardianConfig.Prevent prevent = g.string("prevent").flatMap(t -> switch (t) {
            case "bind" -> Optional.of(GuardianConfig.Prevent.BIND);
            case "off" -> Optional.of(GuardianConfig.Prevent.OFF);
            default -> {
                g.doc().problem(g.valueMark("prevent"), "'" + KEY + ".prevent' " + t + ": must be bind or off");
                yield Optional.<GuardianConfig.Prevent>empty();
            }
        }).orElse(GuardianConfig.Prevent.BIND);
        return new GuardianConfig(interval, breaker, stable, prevent);
    }

    /** Parses a whole YAML text holding a {@code guardian:} key (tests, and tools that read the section alone). */
    public static Result parse(String file, String text) {
        YamlDoc doc = YamlDoc.parse(file, text);
        GuardianConfig c = doc.root().map(GuardianSection::read).orElse(GuardianConfig.defaults());
        return new Result(c, doc.problems().stream().map(Object::toString).toList());
    }

    /** A parsed section and the problems found (each {@code file:line:col: message}). */
    public record Result(GuardianConfig config, List<String> problems) {
    }

    private static BreakerConfig breaker(YMap b) {
        b.allowOnly(BREAKER_KEYS);
        int failures = b.integer("failures").filter(v -> {
            if (v >= 1) {
                return true;
            }
            b.doc().problem(b.valueMark("failures"), "'" + b.path() + ".failures' must be at least 1, got " + v);
            return false;
        }).orElse(BreakerConfig.DEFAULT_FAILURES);
        return new BreakerConfig(failures, duration(b, "window").orElse(BreakerConfig.DEFAULT_WINDOW),
                duration(b, "cooldown").orElse(BreakerConfig.DEFAULT_COOLDOWN),
                duration(b, "probe").orElse(BreakerConfig.DEFAULT_PROBE));
    }

    private static Optional<Duration> duration(YMap m, String key) {
        return m.string(key).flatMap(t -> {
            try {
                return Optional.of(Durations.parse(t));
            } catch (IllegalArgumentException e) {
                String q = m.path().isEmpty() ? key : m.path() + "." + key;
                m.doc().problem(m.valueMark(key), "'" + q + "' " + t + ": " + e.getMessage());
                return Optional.empty();
            }
        });
    }
}
