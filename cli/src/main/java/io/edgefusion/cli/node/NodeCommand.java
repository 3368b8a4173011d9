package io.edgefusion.cli.node;

import io.edgefusion.cli.sandbox.StateRoot;
import io.edgefusion.node.Foreground;
import io.edgefusion.node.Listen;
import io.edgefusion.node.ListenDefaults;
import io.edgefusion.node.NodeDaemon;
import io.edgefusion.node.NodeSetup;
import io.edgefusion.node.NodeOptions;
import io.edgefusion.node.NodeStartException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion node}: the resident node for a state root, in the foreground. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run the node for a state root in the foreground: it owns the root while it runs (a second"
                + " node on the same root is refused), keeps its state in ROOT/node/state.db, serves the versioned"
                + " JSON API (docs/api.md) on ROOT/node.sock (mode 0600) and on the API listener, Prometheus"
                + " metrics on the metrics listener, and with --profile also runs that profile's platform modules"
                + " (api, metrics, audit, logging, tls, HAL) — the same node 'profile build' produces.",
                "",
                "It prints one 'ready' line with the socket and the listeners' addresses once it serves, and exits"
                        + " 0 after SIGTERM or Ctrl-C, removing the socket and releasing the root. Workloads the"
                        + " node started keep running across a node restart (their reapers keep them).",
                "",
                "Listeners default to the profile's 'api'/'metrics' service ports (on $EDGEFUSION_BIND_ADDRESS,"
                        + " default 0.0.0.0), else loopback 127.0.0.1:" + ListenDefaults.API_PORT + " (API) and"
                        + " 127.0.0.1:" + ListenDefaults.METRICS_PORT + " (metrics); $EDGEFUSION_PORT_API and"
                        + " $EDGEFUSION_PORT_METRICS override the port. 'off' disables a listener; port 0 takes a"
                        + " free one.",
                "",
                "Exit codes: 0 stopped by a signal, 1 the profile does not validate, 2 a start failure, 3 a"
                        + " profile's device is absent (not ready), 125 the root is served already or a listener"
                        + " cannot bind."},
        subcommands = {NodeStatusCommand.class},
        footer = {"", "Examples:",
                "  edgefusion --root /var/lib/edgefusion node",
                "  edgefusion node --profile board.yaml --api-listen 0.0.0.0:7390",
                "  edgefusion node --api-listen 127.0.0.1:0 --metrics-listen off",
                "  edgefusion node status",
                "  edgefusion node status --json | jq .listeners",
                "  systemctl start edgefusion-node     # dist/systemd/edgefusion-node.service"})
public final class NodeCommand implements Callable<Integer> {
    @Mixin
    StateRoot root;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "A trim profile whose platform modules the node runs (validated as 'profile validate').")
    Path profile;

    @Option(names = "--api-listen", paramLabel = "ADDR:PORT", converter = ListenConverter.class,
            description = "Where the TCP API listens ([::1]:PORT for IPv6, 'off' for none).")
    Listen apiListen;

    @Option(names = "--metrics-listen", paramLabel = "ADDR:PORT", converter = ListenConverter.class,
            description = "Where GET /metrics (Prometheus text format) listens ('off' for none).")
    Listen metricsListen;

    @Option(names = "--trusted-key", paramLabel = "FILE",
            description = "The public key production profiles are verified with (default /etc/edgefusion/trusted.pub).")
    Path trustedKey;

    @Spec
    CommandSpec spec;

    /** The root this command (or its parent's --root) names. */
    Path rootPath() {
        return root.path();
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true,
                StandardCharsets.UTF_8);
        // The node is a process of its own, never a command a node hosts: its environment is its process's.
        NodeOptions options = new NodeOptions(root.path(), Optional.ofNullable(profile),
                Optional.ofNullable(apiListen), Optional.ofNullable(metricsListen), Optional.ofNullable(trustedKey),
                System.getenv(), log);
        NodeDaemon node;
        try {
            node = NodeDaemon.start(options, NodeSetup.hosting(io.edgefusion.cli.Main::run));
        } catch (NodeStartException e) {
            var err = spec.commandLine().getErr();
            if (e.problems()) {
                err.println(e.getMessage());
            } else if (e.exitCode() != NodeStartException.NOT_READY) { // not ready was logged as such
                err.println("edgefusion: " + e.getMessage());
            }
            err.flush();
            return e.exitCode();
        }
        return Foreground.run(node);
    }

    /** {@code ADDR:PORT} or {@code off}; picocli reports the message as the option's error. */
    static final class ListenConverter implements ITypeConverter<Listen> {
        @Override
        public Listen convert(String value) {
            return Listen.parse(value);
        }
    }
}
