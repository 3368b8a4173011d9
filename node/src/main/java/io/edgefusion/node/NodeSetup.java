package io.edgefusion.node;

import io.edgefusion.node.host.ClientSocketListener;
import io.edgefusion.node.host.CommandRunner;
import io.edgefusion.node.http.SocketListener;

import java.time.Clock;
import java.util.List;

/**
 * How a node is assembled, apart from its options: the socket listener (always the peer-checked
 * {@link ClientSocketListener}; what differs is who runs a thin client's commands), the components, the clock.
 */
public record NodeSetup(SocketListener.Binder socket, List<NodeComponent> components, Clock clock) {
    /**
     * A node without the CLI (a trimmed build, tests of the bare node): a thin client that reaches it gets one
     * line and 125, never a half-run command.
     */
    static final CommandRunner NO_CLI = inv -> {
        inv.err().println("edgefusion: this node hosts no CLI commands (a trimmed node build); use its API");
        inv.err().flush();
        return 125;
    };

    public NodeSetup {
        components = List.copyOf(components);
    }

    /** The real node's components ({@link NodeComponents#builtIn}), the system clock, no CLI. */
    public static NodeSetup defaults() {
        return new NodeSetup(ClientSocketListener.binder(NO_CLI), NodeComponents.builtIn(), Clock.systemUTC());
    }

    /** The real node hosting {@code runner}'s commands (the CLI's tree) for thin clients on its socket. */
    public static NodeSetup hosting(CommandRunner runner) {
        return defaults().withSocket(ClientSocketListener.binder(runner));
    }

    /** No components: the bare node (lock, database, API, listeners, platform modules). */
    public static NodeSetup bare() {
        return new NodeSetup(ClientSocketListener.binder(NO_CLI), List.of(), Clock.systemUTC());
    }

    public NodeSetup withComponents(List<NodeComponent> more) {
        return new NodeSetup(socket, more, clock);
    }

    public NodeSetup withClock(Clock c) {
        return new NodeSetup(socket, components, c);
    }

    public NodeSetup withSocket(SocketListener.Binder b) {
        return new NodeSetup(b, components, clock);
    }
}
