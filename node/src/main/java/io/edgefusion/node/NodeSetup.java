package io.edgefusion.node;

import io.edgefusion.node.http.SocketListener;
import io.edgefusion.node.http.UnixHttpListener;

import java.time.Clock;
import java.util.List;

/**
 * How a node is assembled, apart from its options: the socket listener (HTTP-only {@link UnixHttpListener} until
 * the peer-checked socket with the thin client's dispatch replaces it), the components, the clock.
 */
public record NodeSetup(SocketListener.Binder socket, List<NodeComponent> components, Clock clock) {
    public NodeSetup {
        components = List.copyOf(components);
    }

    /** The real node: every built-in component ({@link NodeComponents#builtIn}), the system clock. */
    public static NodeSetup defaults() {
        return new NodeSetup(UnixHttpListener::open, NodeComponents.builtIn(), Clock.systemUTC());
    }

    /** No components: the bare node (lock, database, API, listeners, platform modules). */
    public static NodeSetup bare() {
        return new NodeSetup(UnixHttpListener::open, List.of(), Clock.systemUTC());
    }

    public NodeSetup withComponents(List<NodeComponent> more) {
        return new NodeSetup(socket, more, clock);
    }

    public NodeSetup withClock(Clock c) {
        return new NodeSetup(socket, components, c);
    }

    /** The real node hosting {@code runner}'s commands for thin clients on its socket. */
    public static NodeSetup hosting(io.edgefusion.node.host.CommandRunner runner) {
        return defaults().withSocket(io.edgefusion.node.host.ClientSocketListener.binder(runner));
    }

    public NodeSetup withSocket(SocketListener.Binder b) {
        return new NodeSetup(b, components, clock);
    }
}
