package io.edgefusion.cli.sandbox;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code edgefusion gc}. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Remove every leftover of interrupted work: sandboxes whose creating CLI or reaper died"
                + " ('dead' in ps) and cgroups under the root's cgroup parent (/edgefusion for the default"
                + " root; inspect prints a sandbox's cgroup) without a sandbox. Prints what it removed."},
        footer = {"", "Examples:",
                "  edgefusion gc",
                "  edgefusion --root /tmp/ef gc          # the leftovers of another state root"})
public final class GcCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String id : root.sandboxes().gc()) {
            spec.commandLine().getOut().println(id);
        }
        ImageHolds.sync(root.path());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
