package io.edgefusion.cli.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.output.JsonDocs;
import io.edgefusion.image.diff.Change;
import io.edgefusion.image.diff.UpperDiff;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion diff}: what a sandbox changed relative to its layers. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"List the paths a sandbox added (A), changed (C) or deleted (D) relative to its root's"
                + " layers, read from its overlay upper directory — as docker diff does."},
        footer = {"", "Examples:", "  edgefusion diff web", "  edgefusion diff --json web"})
public final class DiffCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--json", description = "One JSON document, schema edgefusion.diff/v1 (docs/json/diff.md).")
    boolean json;

    @Parameters(index = "0", paramLabel = "SANDBOX")
    String name;

    @Spec
    CommandSpec spec;

    private static java.nio.file.Path real(java.nio.file.Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("layer " + p + " is gone", e);
        }
    }

    @Override
    public Integer call() {
        Sandboxes sb = root.sandboxes();
        SandboxState s = sb.inspect(name);
        if (s.spec() == null) {
            throw new IllegalStateException("sandbox " + s.shortId() + " has no state record to diff against");
        }
        // Image layers are handed to sandboxes as the store's short links; the diff walks the real directories.
        List<java.nio.file.Path> lowers = s.spec().layers().stream().map(DiffCommand::real).toList();
        List<Change> changes = new UpperDiff(sb.upperDir(s), lowers).changes();
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode doc = JsonDocs.document("edgefusion.diff/v1");
            doc.put("sandbox", s.id());
            ArrayNode arr = doc.putArray("changes");
            for (Change c : changes) {
                ObjectNode n = arr.addObject();
                n.put("kind", c.kind().name());
                n.put("path", "/" + c.path());
                n.put("opaque", c.opaque());
            }
            out.println(doc.toPrettyString());
        } else {
            changes.forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
