package io.edgefusion.node.http;

import io.edgefusion.node.api.ConnectionHandler;
import io.edgefusion.node.api.Peer;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP on {@code ROOT/node.sock} with the JDK's AF_UNIX channels, one virtual thread per connection. The socket is
 * bound inside a fresh 0700 directory, made 0600 there, then renamed over the final name: no moment exists in
 * which another user could connect to a socket with the umask's mode. A leftover socket of a dead node is
 * replaced (the node lock says no live node owns it). No peer credentials here: callers are {@link Peer#REMOTE}.
 */
public final class UnixHttpListener implements SocketListener {
    private static final System.Logger LOG = System.getLogger(UnixHttpListener.class.getName());

    private final Path path;
    private final ServerSocketChannel server;
    private final ConnectionHandler handler;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private UnixHttpListener(Path path, ServerSocketChannel server, ConnectionHandler handler) {
        this.path = path;
        this.server = server;
        this.handler = handler;
        this.acceptor = Thread.ofVirtual().name("node-socket-accept").unstarted(this::acceptLoop);
    }

    public static UnixHttpListener open(Path socket, ConnectionHandler http) throws IOException {
        Path parent = socket.toAbsolutePath().getParent();
        Path staging = Files.createTempDirectory(parent, ".node-sock-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = staging.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        boolean ok = false;
        try {
            server.bind(UnixDomainSocketAddress.of(tmp));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ok = true;
        } catch (IOException e) {
            throw new IOException(socket + ": cannot listen: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                server.close();
                Files.deleteIfExists(tmp);
            }
            Files.deleteIfExists(staging);
        }
        UnixHttpListener l = new UnixHttpListener(socket, server, http);
        l.acceptor.start();
        return l;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, path + ": accept: " + e.getMessage());
                }
                return;
            }
            open.add(ch);
            Thread.ofVirtual().name("node-socket-conn").start(() -> serve(ch));
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            handler.serve(Channels.newInputStream(ch), Channels.newOutputStream(ch), Peer.REMOTE);
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.DEBUG, path + ": connection ended: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, path + ": connection failed: " + e);
        } finally {
            open.remove(ch);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, path + ": close: " + e.getMessage());
        }
        for (SocketChannel ch : open) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway; the connection's thread ends on the closed channel
            }
        }
        try {
            acceptor.join();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, path + ": cannot remove: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
