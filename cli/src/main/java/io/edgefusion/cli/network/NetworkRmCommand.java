package io.edgefusion.cli.network;

import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.sandbox.network.NetworkAttachment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion network rm NAME…}. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Remove networks: the configuration list, host-local's leases and the bridge. A network a"
                + " sandbox is attached to is refused, naming the sandboxes. Prints each name removed."},
        footer = {"", "Example:", "  edgefusion network rm backend"})
public final class NetworkRmCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NetworkAttachment net = NetworkCommand.attachments(root);
        for (String n : names) {
            net.removeNetwork(n, net.users());
            spec.commandLine().getOut().println(n);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
