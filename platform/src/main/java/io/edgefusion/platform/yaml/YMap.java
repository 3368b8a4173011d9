package io.edgefusion.platform.yaml;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML mapping with typed, position-aware getters. A getter that finds the wrong type records
 * "'key' must be …, got …" at the value and returns empty, so callers just carry on.
 */
public final class YMap {
    private final YamlDoc doc;
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    YMap(YamlDoc doc, MappingNode node, String path) {
        this.doc = doc;
        this.node = node;
        this.path = path;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                doc.problem(t.getKeyNode(), "keys must be plain names");
                continue;
            }
            NodeTuple first = entries.putIfAbsent(k.getValue(), t);
            if (first != null) {
                doc.problem(k, "duplicate key '" + k.getValue() + "' (first at line "
                        + doc.mark(first.getKeyNode()).line() + ")");
            }
        }
    }

    public YamlDoc doc() {
        return doc;
    }

    /** Where this mapping starts. */
    public SourceMark mark() {
        return doc.mark(node);
    }

    /** Dotted path of this mapping from the root, e.g. {@code modules.api}; empty at the top. */
    public String path() {
        return path;
    }

    /** Reports every key not in {@code known}, suggesting the nearest known one. */
    public void allowOnly(Collection<String> known) {
        for (NodeTuple t : entries.values()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (!known.contains(k)) {
                doc.problem(t.getKeyNode(), "unknown key '" + qualified(k) + "'" + DidYouMean.hint(k, known));
            }
        }
    }

    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Where a key is written; the mapping's own place when the key is absent. */
    public SourceMark keyMark(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? mark() : doc.mark(t.getKeyNode());
    }

    /** Where a key's value is written; the mapping's own place when the key is absent. */
    public SourceMark valueMark(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? mark() : doc.mark(t.getValueNode());
    }

    public Optional<Node> node(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? Optional.empty() : Optional.of(t.getValueNode());
    }

    /** Records "missing required key" at the start of this mapping when absent. */
    public boolean require(String key) {
        if (!has(key)) {
            doc.problem(mark(), "missing required key '" + qualified(key) + "'");
            return false;
        }
        return true;
    }

    public Optional<String> string(String key) {
        return node(key).flatMap(n -> scalar(key, n, "a string"));
    }

    public Optional<Integer> integer(String key) {
        return node(key).flatMap(n -> {
            if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
                try {
                    return Optional.of(Integer.parseInt(s.getValue().replace("_", "")));
                } catch (NumberFormatException e) {
                    doc.problem(n, "'" + qualified(key) + "' is out of range: " + s.getValue());
                    return Optional.empty();
                }
            }
            return wrongType(key, n, "an integer");
        });
    }

    public Optional<Double> number(String key) {
        return node(key).flatMap(n -> {
            if (n instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
                return Optional.of(Double.parseDouble(s.getValue()));
            }
            return wrongType(key, n, "a number");
        });
    }

    public Optional<Boolean> bool(String key) {
        return node(key).flatMap(n -> n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)
                ? Optional.of(Boolean.parseBoolean(s.getValue()))
                : wrongType(key, n, "true or false"));
    }

    public Optional<YMap> map(String key) {
        return node(key).flatMap(n -> n instanceof MappingNode m
                ? Optional.of(new YMap(doc, m, qualified(key)))
                : wrongType(key, n, "a mapping"));
    }

    /** The items of a list value; empty (with a problem) when the value is not a list. */
    public List<Node> list(String key) {
        return node(key).map(n -> {
            if (n instanceof SequenceNode s) {
                return s.getValue();
            }
            wrongType(key, n, "a list");
            return List.<Node>of();
        }).orElse(List.of());
    }

    /** A list of strings, each item kept with its node so later checks can point at it. */
    public List<Item> strings(String key) {
        List<Item> out = new ArrayList<>();
        for (Node n : list(key)) {
            if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
                out.add(new Item(s.getValue(), doc.mark(n)));
            } else {
                doc.problem(n, "items of '" + qualified(key) + "' must be strings");
            }
        }
        return out;
    }

    /** A list item that is a mapping, with its path for messages. */
    public Optional<YMap> asMap(Node n, String what) {
        if (n instanceof MappingNode m) {
            return Optional.of(new YMap(doc, m, what));
        }
        doc.problem(n, "'" + what + "' must be a mapping");
        return Optional.empty();
    }

    /** A string value with where it was written. */
    public record Item(String value, SourceMark at) {
    }

    private Optional<String> scalar(String key, Node n, String expected) {
        if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return Optional.of(s.getValue());
        }
        return wrongType(key, n, expected);
    }

    private <T> Optional<T> wrongType(String key, Node n, String expected) {
        doc.problem(n, "'" + qualified(key) + "' must be " + expected + ", got " + describe(n));
        return Optional.empty();
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(Node n) {
        return switch (n) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when s.getTag().equals(Tag.NULL) -> "nothing";
            case ScalarNode s -> "'" + s.getValue() + "'";
            default -> "a " + n.getNodeType().name().toLowerCase();
        };
    }
}
