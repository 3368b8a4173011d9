package io.edgefusion.cli.sandbox;

import io.edgefusion.runtime.lease.Leases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.InstantSource;
import java.util.concurrent.Callable;

/** {@code edgefusion gc}. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Remove every leftover of interrupted work: sandboxes whose creating CLI or reaper died"
                + " ('dead' in ps), exited --rm sandboxes their reaper could not remove, cgroups of this root"
                + " without a sandbox and names without one; thaw sandboxes left frozen by a killed commit."
                + " Sandboxes another command holds locked are skipped. Prints the ids it removed."},
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
        Leases.sync(root.path(), InstantSource.system());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
