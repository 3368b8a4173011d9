package io.edgefusion.cli.sandbox;

import io.edgefusion.runtime.commit.SandboxChanges;
import io.edgefusion.runtime.json.DiffJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

    @Override
    public Integer call() {
        SandboxChanges.Diff diff = new SandboxChanges(root.sandboxes(), root.path()).diff(name);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(DiffJson.document(diff.sandboxId(), diff.changes()).toPrettyString());
        } else {
            diff.changes().forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
