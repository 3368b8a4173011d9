package io.edgefusion.node.health;

import io.edgefusion.kernel.net.Netns;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.SocketChannel;

/**
 * A TCP socket created inside another process's network namespace ({@link Netns#run}). A socket belongs to the
 * namespace it was created in for its whole life, so only its creation needs the namespace; connecting and
 * talking happen on the caller's thread.
 */
final class NetnsSocket {
    private NetnsSocket() {
    }

    /**
     * A channel in the network namespace of {@code pid}, which must still be the process that started at
     * {@code startTicks} once its namespace is open (so a recycled pid is never joined).
     */
    static SocketChannel open(long pid, long startTicks, ProtocolFamily family) throws IOException {
        try {
            return Netns.run(pid, startTicks, () -> SocketChannel.open(family));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
