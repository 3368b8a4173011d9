package io.edgefusion.node.deploy;

import io.edgefusion.guardian.config.Durations;
import io.edgefusion.platform.yaml.DidYouMean;
import io.edgefusion.platform.yaml.SourceMark;
import io.edgefusion.platform.yaml.YMap;
import io.edgefusion.platform.yaml.YamlDoc;
import io.edgefusion.sandbox.LimitRules;
import io.edgefusion.sandbox.Sizes;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The value rules of a deployment file, each recording its problem at the value as
 * {@code 'key' VALUE: reason}. Sizes and CPU counts follow {@code run --memory} and {@code --cpus} exactly: the
 * same parser ({@link Sizes}) and the same host rules ({@link LimitRules}), only quoted as the file's key.
 */
final class FieldRules {
    private FieldRules() {
    }

    /** A deployment or workload name; false (with a problem) unless {@link DeploymentNames#valid}. */
    static boolean name(YamlDoc doc, SourceMark at, String key, String value) {
        if (DeploymentNames.valid(value)) {
            return true;
        }
        doc.problem(at, "'" + key + "' must be a DNS label (" + DeploymentNames.RULE + "), got '" + value + "'");
        return false;
    }

    /**
     * {@link YMap#require}, except when an unknown key of the mapping is a misspelling of {@code key}: that key's
     * own problem (with its did-you-mean) already says what is wrong, and says it at the right line.
     */
    static void require(YMap m, String key, List<String> known) {
        boolean misspelt = m.keys().stream().filter(k -> !known.contains(k))
                .anyMatch(k -> DidYouMean.suggest(k, known).filter(key::equals).isPresent());
        if (!misspelt) {
            m.require(key);
        }
    }

    /** One of {@code allowed}, else a problem with a did-you-mean, as profiles report enumerations. */
    static Optional<String> oneOf(YMap m, String key, String qualified, List<String> allowed) {
        return m.string(key).filter(v -> {
            if (allowed.contains(v)) {
                return true;
            }
            m.doc().problem(m.valueMark(key), "'" + qualified + "' must be one of " + String.join(", ", allowed)
                    + ", got '" + v + "'" + DidYouMean.hint(v, allowed));
            return false;
        });
    }

    /** {@code memory: 64m}: {@code run --memory}'s syntax and minimum; -1 means no limit. */
    static OptionalLong memory(YMap m, String key, String qualified) {
        Optional<String> text = m.string(key);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        String t = text.get();
        try {
            long bytes = Sizes.parse("--memory", t);
            LimitRules.memory(t, bytes);
            return bytes < 0 ? OptionalLong.empty() : OptionalLong.of(bytes);
        } catch (IllegalArgumentException e) {
            m.doc().problem(m.valueMark(key), rule(qualified, t, e, "--memory " + t + ": "));
            return OptionalLong.empty();
        }
    }

    /** {@code cpus: 0.5}: positive and no more than the host's online CPUs, as {@code run --cpus}. */
    static OptionalDouble cpus(YMap m, String key, String qualified) {
        Optional<Node> node = m.node(key);
        if (node.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!(node.get() instanceof ScalarNode s) || !(s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
            m.number(key); // records the type problem the way every number key does
            return OptionalDouble.empty();
        }
        String t = s.getValue();
        try {
            double cpus;
            try {
                cpus = Double.parseDouble(t.replace("_", ""));
            } catch (NumberFormatException e) {
                cpus = Double.NaN; // YAML's .inf and .nan: no CPU count
            }
            LimitRules.cpus(t, cpus);
            return OptionalDouble.of(cpus);
        } catch (IllegalArgumentException e) {
            m.doc().problem(m.valueMark(key), rule(qualified, t, e, "--cpus " + t + ": "));
            return OptionalDouble.empty();
        }
    }

    /** An integer of at least {@code min}. */
    static Optional<Integer> atLeast(YMap m, String key, String qualified, int min) {
        return m.integer(key).filter(v -> {
            if (v >= min) {
                return true;
            }
            m.doc().problem(m.valueMark(key), "'" + qualified + "' must be at least " + min + ", got " + v);
            return false;
        });
    }

    /** {@code 100ms}, {@code 1s}, {@code 2m} ({@link Durations}). */
    static Optional<Duration> duration(YMap m, String key, String qualified) {
        return m.string(key).flatMap(t -> {
            try {
                return Optional.of(Durations.parse(t));
            } catch (IllegalArgumentException e) {
                m.doc().problem(m.valueMark(key), "'" + qualified + "' " + t + ": " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** The shared rules word their errors for a flag ("--memory 1k: …"); here the file's key names the value. */
    private static String rule(String qualified, String text, IllegalArgumentException e, String flagPrefix) {
        String msg = e.getMessage();
        String reason = msg.startsWith(flagPrefix) ? msg.substring(flagPrefix.length()) : msg;
        return "'" + qualified + "' " + text + ": " + reason;
    }
}
