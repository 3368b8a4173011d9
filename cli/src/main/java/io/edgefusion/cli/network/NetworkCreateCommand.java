package io.edgefusion.cli.network;

import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.sandbox.network.NamedNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion network create NAME}: a bridge network's CNI configuration list. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a bridge network: bridge ef-NAME (isGateway, ipMasq), host-local addresses on the"
                + " subnet, portmap for -p, firewall, loopback. Without --subnet the first /24 from 10.89.0.0 that"
                + " no host route and no other network uses. Nothing is set up on the host until a sandbox joins."
                + " Prints the network's name."},
        footer = {"", "Examples:", "  edgefusion network create backend",
                "  edgefusion network create plant --subnet 10.89.42.0/24 --gateway 10.89.42.254"})
public final class NetworkCreateCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Parameters(index = "0", paramLabel = "NAME", description = "Letters, digits, '_', '.', '-'.")
    String name;

    @Option(names = "--subnet", paramLabel = "CIDR", description = "IPv4 subnet, /8 to /30, e.g. 10.89.42.0/24.")
    String subnet;

    @Option(names = "--gateway", paramLabel = "IP", description = "The bridge's address (default: the subnet's"
            + " first).")
    String gateway;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NamedNetwork n = NetworkCommand.store(root).create(name, Optional.ofNullable(subnet),
                Optional.ofNullable(gateway));
        spec.commandLine().getOut().println(n.name());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
