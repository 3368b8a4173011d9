package io.edgefusion.platform.yaml;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A YAML document read as a node tree, so every value keeps the line and column it came from, plus the
 * problems found while reading it. Readers ({@link YMap}) add problems here instead of throwing, so one run
 * reports every mistake in a file, not just the first.
 */
public final class YamlDoc {
    private final String file;
    private final Node root;
    private final List<Problem> problems = new ArrayList<>();

    private YamlDoc(String file, Node root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Reads and composes a YAML file of at most {@code limit} bytes. A bigger file is refused on its size,
     * unread; like a syntax error, a refusal becomes the document's only problem and it has no root.
     */
    public static ReadResult read(Path file, long limit, String what) {
        try {
            String text = InputFile.read(file, limit, what);
            return new ReadResult(parse(file.toString(), text, limit), text);
        } catch (InputFile.InputRefused e) {
            YamlDoc doc = new YamlDoc(file.toString(), null);
            doc.problems.add(e.problem());
            return new ReadResult(doc, "");
        }
    }

    /** A document and the text it was read from (a profile keeps its bytes for its signature). */
    public record ReadResult(YamlDoc doc, String text) {
    }

    /** Composes {@code text} with the default document limit. */
    public static YamlDoc parse(String file, String text) {
        return parse(file, text, InputFile.DOCUMENT_LIMIT);
    }

    /**
     * Composes {@code text}; a syntax error, or a shape refused by {@link YamlShape} (too deep, aliases that
     * expand too far), becomes the document's only problem and it has no root.
     */
    public static YamlDoc parse(String file, String text, long limit) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setUseMarks(true)
                .setAllowDuplicateKeys(true).setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limit)).build();
        try {
            Optional<Problem> shape = YamlShape.check(file, settings, text);
            if (shape.isPresent()) {
                YamlDoc doc = new YamlDoc(file, null);
                doc.problems.add(shape.get());
                return doc;
            }
            Optional<Node> node = new Compose(settings).composeString(text);
            return new YamlDoc(file, node.orElse(null));
        } catch (MarkedYamlEngineException e) {
            YamlDoc doc = new YamlDoc(file, null);
            Optional<Mark> m = e.getProblemMark().or(e::getContextMark);
            SourceMark at = m.map(x -> new SourceMark(file, x.getLine() + 1, x.getColumn() + 1))
                    .orElse(new SourceMark(file, 1, 1));
            String what = e.getProblem() == null ? "syntax error" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + e.getContextMark()
                    .filter(c -> m.isEmpty() || c.getLine() != m.get().getLine())
                    .map(c -> " that starts at line " + (c.getLine() + 1)).orElse("") + ")";
            doc.problems.add(new Problem(at, "YAML syntax: " + what + context));
            return doc;
        } catch (YamlEngineException e) {
            YamlDoc doc = new YamlDoc(file, null);
            doc.problems.add(new Problem(new SourceMark(file, 1, 1), "YAML syntax: " + e.getMessage()));
            return doc;
        }
    }

    public String file() {
        return file;
    }

    /** The top-level mapping; reports a problem when the document is empty or not a mapping. */
    public Optional<YMap> root() {
        if (root == null) {
            if (problems.isEmpty()) {
                problems.add(new Problem(new SourceMark(file, 1, 1), "empty document: expected a mapping"));
            }
            return Optional.empty();
        }
        if (!(root instanceof MappingNode m)) {
            problem(root, "expected a mapping at the top level");
            return Optional.empty();
        }
        return Optional.of(new YMap(this, m, ""));
    }

    /** Where a node starts. */
    public SourceMark mark(Node node) {
        return node.getStartMark().map(m -> new SourceMark(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new SourceMark(file, 1, 1));
    }

    public void problem(Node at, String message) {
        problems.add(new Problem(mark(at), message));
    }

    public void problem(SourceMark at, String message) {
        problems.add(new Problem(at, message));
    }

    /** A problem that breaks a contract rule; the message ends with the rule id in brackets. */
    public void problem(SourceMark at, String message, String rule) {
        problems.add(new Problem(at, message + " [" + rule + "]", rule));
    }

    /** Problems in the order of their place in the file. */
    public List<Problem> problems() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort((a, b) -> a.at().line() != b.at().line() ? Integer.compare(a.at().line(), b.at().line())
                : Integer.compare(a.at().column(), b.at().column()));
        return sorted;
    }
}
