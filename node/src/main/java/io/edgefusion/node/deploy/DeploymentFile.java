package io.edgefusion.node.deploy;

import io.edgefusion.platform.yaml.InputFile;
import io.edgefusion.platform.yaml.Problem;
import io.edgefusion.platform.yaml.SourceMark;
import io.edgefusion.guardian.config.GuardianConfig;
import io.edgefusion.guardian.config.GuardianSection;
import io.edgefusion.platform.yaml.YMap;
import io.edgefusion.platform.yaml.YamlDoc;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a deployment file (docs/deployments.md) with the platform's YAML tools, so its mistakes read exactly as a
 * profile's do: {@code file:line:col: message}, a did-you-mean for misspelt keys and values, every problem in
 * file order. The same check runs in the CLI before anything is sent and in the node before anything is stored,
 * and again when {@code rollback} re-applies a stored revision.
 */
public final class DeploymentFile {
    /** As profiles: a deployment is a few KiB; one MiB leaves room for comments and many workloads. */
    public static final long LIMIT = InputFile.DOCUMENT_LIMIT;
    static final List<String> TOP = List.of("name", "workloads", GuardianSection.KEY);
    static final String WHAT = "deployment file";

    private final YamlDoc doc;
    private final Path directory;

    private DeploymentFile(YamlDoc doc, Path directory) {
        this.doc = doc;
        this.directory = directory;
    }

    /**
     * Reads {@code file} (absolute), naming it {@code label} in messages (the path as the user typed it). A file
     * over {@link #LIMIT} is refused on its size, unread.
     */
    public static DeploymentCheck read(String label, Path file) {
        String text;
        try {
            text = InputFile.read(file, LIMIT, WHAT);
        } catch (InputFile.InputRefused e) {
            return new DeploymentCheck(Optional.empty(), List.of(new Problem(new SourceMark(label, 0, 0),
                    e.reason())), "");
        }
        return parse(label, text, file.toAbsolutePath().getParent());
    }

    /**
     * Validates {@code text}, named {@code label}; a relative {@code rootfs} resolves against {@code directory}
     * (the file's own directory, as a compose file's relative paths do).
     */
    public static DeploymentCheck parse(String label, String text, Path directory) {
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > LIMIT) {
            InputFile.InputRefused refused = new InputFile.InputRefused(label, WHAT + " of " + bytes
                    + " bytes is over the " + (LIMIT >> 20) + " MiB limit; not read");
            return new DeploymentCheck(Optional.empty(), List.of(refused.problem()), text);
        }
        YamlDoc doc = YamlDoc.parse(label, text, LIMIT);
        Optional<Deployment> d = doc.root().flatMap(r -> new DeploymentFile(doc, directory).read(r));
        List<Problem> problems = doc.problems();
        return new DeploymentCheck(problems.isEmpty() ? d : Optional.empty(), problems, text);
    }

    private Optional<Deployment> read(YMap r) {
        r.allowOnly(TOP);
        FieldRules.require(r, "name", TOP);
        FieldRules.require(r, "workloads", TOP);
        Optional<String> name = r.string("name").filter(n -> FieldRules.name(doc, r.valueMark("name"), "name", n));
        List<WorkloadReader.Read> workloads = new ArrayList<>();
        List<Node> items = r.list("workloads");
        if (items.isEmpty() && r.node("workloads").orElse(null) instanceof SequenceNode) {
            doc.problem(r.valueMark("workloads"), "'workloads' must list at least one workload");
        }
        for (int i = 0; i < items.size(); i++) {
            String path = "workloads[" + i + "]";
            r.asMap(items.get(i), path).ifPresent(w -> workloads.add(new WorkloadReader(doc, w, directory).read()));
        }
        uniqueNames(workloads);
        StartOrder.check(doc, workloads);
        GuardianConfig guardian = GuardianSection.read(r);
        if (name.isEmpty() || !doc.problems().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Deployment(name.get(), workloads.stream().map(w -> w.spec().orElseThrow()).toList(),
                guardian));
    }

    private void uniqueNames(List<WorkloadReader.Read> workloads) {
        Map<String, SourceMark> seen = new HashMap<>();
        for (WorkloadReader.Read w : workloads) {
            w.name().ifPresent(n -> {
                SourceMark first = seen.putIfAbsent(n.value(), n.at());
                if (first != null) {
                    doc.problem(n.at(), "duplicate workload name '" + n.value() + "' (first at line " + first.line()
                            + ")");
                }
            });
        }
    }
}
