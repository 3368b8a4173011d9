package io.edgefusion.platform.yaml;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a document's shape on the parser's event stream, before anything builds a tree from it: the
 * composer and every reader of the tree recurse, so a 10000-deep list would end in a StackOverflowError, and
 * aliases can make a small file stand for billions of nodes ("billion laughs"). The event parser itself is a
 * state machine (no recursion), so this pass is safe on any input the size limit let through.
 */
final class YamlShape {
    /** Deeper than any profile or contract needs (they nest four or five levels). */
    static final int MAX_DEPTH = 64;
    /** Nodes the document stands for once every alias is expanded; a profile has a few hundred. */
    static final long MAX_EXPANDED_NODES = 100_000;

    private YamlShape() {
    }

    /** The first reason the document is refused, at the place it was found; empty when its shape is fine. */
    static Optional<Problem> check(String file, LoadSettings settings, String text) {
        Deque<long[]> open = new ArrayDeque<>();      // expanded node counts of the open collections
        Deque<Optional<Anchor>> anchored = new ArrayDeque<>();
        Map<Anchor, Long> sizes = new HashMap<>();
        for (Event e : new Parse(settings).parseString(text)) {
            long nodes;
            switch (e.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (open.size() >= MAX_DEPTH) {
                        return Optional.of(new Problem(mark(file, e), "document nests deeper than " + MAX_DEPTH
                                + " levels"));
                    }
                    open.push(new long[] {1});
                    anchored.push(((NodeEvent) e).getAnchor());
                    continue;
                }
                case SequenceEnd, MappingEnd -> {
                    long closed = open.pop()[0];
                    anchored.pop().ifPresent(a -> sizes.put(a, closed));
                    nodes = closed;
                }
                case Scalar -> {
                    nodes = 1;
                    ((NodeEvent) e).getAnchor().ifPresent(a -> sizes.put(a, 1L));
                }
                case Alias -> {
                    Anchor a = ((AliasEvent) e).getAlias();
                    if (anchored.contains(Optional.of(a))) {
                        // an alias inside its own anchor makes a cycle every reader of the tree would loop on
                        return Optional.of(new Problem(mark(file, e), "alias *" + a.getValue() + " refers to a collection"
                                + " that contains it"));
                    }
                    nodes = sizes.getOrDefault(a, 1L);
                }
                default -> {
                    continue;
                }
            }
            // each open collection learns its size as its children close, so the root holds the document's
            if (!open.isEmpty() && (open.peek()[0] += nodes) > MAX_EXPANDED_NODES) {
                return Optional.of(new Problem(mark(file, e), "aliases expand the document to more than "
                        + MAX_EXPANDED_NODES + " nodes"));
            }
        }
        return Optional.empty();
    }

    private static SourceMark mark(String file, Event e) {
        return e.getStartMark().map(m -> new SourceMark(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new SourceMark(file, 1, 1));
    }
}
