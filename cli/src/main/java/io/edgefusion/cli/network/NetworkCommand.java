package io.edgefusion.cli.network;

import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.sandbox.network.CniInvoker;
import io.edgefusion.sandbox.network.NetworkAttachment;
import io.edgefusion.sandbox.network.NetworkStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgefusion network}: named CNI networks (docs/network.md). */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = {"Named networks for sandboxes, run by the CNI plugins of Debian's containernetworking-plugins"
                + " (bridge, host-local, portmap, firewall, loopback). Each network is a CNI configuration list at"
                + " ROOT/networks/NAME.conflist; the default network edgefusion0 (bridge edgefusion0, the first"
                + " free /24 from 10.89.0.0) is made on first use. ADD results are cached under"
                + " ROOT/networks/cache/ until the sandbox's DEL."},
        subcommands = {NetworkCreateCommand.class, NetworkLsCommand.class, NetworkInspectCommand.class,
                NetworkRmCommand.class},
        footer = {"", "Examples:", "  edgefusion network create backend --subnet 10.89.42.0/24",
                "  edgefusion network ls", "  edgefusion network inspect backend --json",
                "  edgefusion network rm backend"})
public final class NetworkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static NetworkStore store(StateRoot root) {
        io.edgefusion.kernel.sys.Platform.requireLinux("edgefusion network");
        return new NetworkStore(root.path());
    }

    static NetworkAttachment attachments(StateRoot root) {
        return new NetworkAttachment(store(root), CniInvoker.host());
    }
}
