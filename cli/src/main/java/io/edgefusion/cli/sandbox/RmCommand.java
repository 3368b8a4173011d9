package io.edgefusion.cli.sandbox;

import io.edgefusion.runtime.lease.Leases;
import io.edgefusion.sandbox.Sandboxes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion rm}. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Remove sandboxes: their cgroup, state, upper directory, logs and name. A running sandbox"
                + " needs -f, which kills every task in its cgroup first (thawing it if frozen). Works on half-made"
                + " and 'dead' sandboxes too. SANDBOX is a name, an id or a unique id prefix, never a path."},
        footer = {"", "Examples:", "  edgefusion rm web", "  edgefusion rm -f $(edgefusion ps -aq)"})
public final class RmCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = {"-f", "--force"}, description = "Kill a running sandbox before removing it.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "SANDBOX")
    List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Sandboxes sb = root.sandboxes();
        for (String n : names) {
            sb.remove(n, force);
            spec.commandLine().getOut().println(n);
        }
        Leases.sync(root.path(), InstantSource.system());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
