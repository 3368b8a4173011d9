package io.edgefusion.node.host;

import io.edgefusion.kernel.net.OwnedFd;
import io.edgefusion.kernel.net.PeerCredentials;
import io.edgefusion.kernel.net.UnixSockets;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.api.ConnectionHandler;
import io.edgefusion.node.api.Peer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's socket, {@code ROOT/node.sock}: mode 0600 from the moment it has that name (it is bound inside a
 * fresh 0700 directory, chmod'ed, then renamed into place, so no process of another uid can ever connect). Each
 * connection is served on its own virtual thread. Peers are checked with SO_PEERCRED: root and the uid that owns
 * the state root only; anyone else gets one line and the door. The first four bytes choose the protocol:
 * {@code EFC1} is a thin client ({@link CommandHost}); anything else goes to the {@link ConnectionHandler}
 * (HTTP), with those four bytes given back in front of its stream. {@link #close} stops accepting and removes
 * the socket file; connections already accepted run to their end.
 *
 * <p>Open it while holding {@code ROOT/node.lock}; opening over a socket a live node answers on is refused.
 */
public final class NodeSocket implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NodeSocket.class.getName());
    private static final int BACKLOG = 128;

    private final Path path;
    private final int ownerUid;
    private final CommandHost commands;
    private final ConnectionHandler http;
    private final OwnedFd listener;
    private final Object inode;
    private final Thread acceptor;
    private final Set<OwnedFd> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private NodeSocket(Path path, int ownerUid, CommandHost commands, ConnectionHandler http, OwnedFd listener,
                       Object inode) {
        this.path = path;
        this.ownerUid = ownerUid;
        this.commands = commands;
        this.http = http;
        this.listener = listener;
        this.inode = inode;
        this.acceptor = Thread.ofPlatform().daemon().name("edgefusion-node-socket").unstarted(this::acceptLoop);
    }

    /** Binds and listens on {@code paths.socket()} and starts accepting. */
    public static NodeSocket open(NodePaths paths, CommandHost commands, ConnectionHandler http) throws IOException {
        Path root = paths.root().toAbsolutePath();
        Path target = root.resolve(NodePaths.SOCKET);
        int owner = (Integer) Files.getAttribute(root, "unix:uid");
        refuseLiveNode(target);
        Path staging = Files.createDirectory(root.resolve(".node.sock-" + UUID.randomUUID().toString().substring(0, 8)),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path bound = staging.resolve("s");
        OwnedFd fd = new OwnedFd(UnixSockets.socket(), "socket " + target);
        try {
            UnixSockets.bind(fd.number(), bound);
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            UnixSockets.listen(fd.number(), BACKLOG);
            Files.move(bound, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Object inode = Files.getAttribute(target, "unix:ino");
            NodeSocket s = new NodeSocket(target, owner, commands, http, fd, inode);
            s.acceptor.start();
            return s;
        } catch (IOException | RuntimeException e) {
            fd.close();
            Files.deleteIfExists(bound);
            throw e;
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    public Path path() {
        return path;
    }

    /** The uid besides root whose processes may connect: the state root's owner. */
    public int ownerUid() {
        return ownerUid;
    }

    private static void refuseLiveNode(Path target) throws IOException {
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (OwnedFd probe = new OwnedFd(UnixSockets.socket(), "probe")) {
            UnixSockets.connect(probe.number(), target);
            throw new IOException(target + ": a node already answers on this socket");
        } catch (ErrnoException e) {
            if (!e.is(Errno.ECONNREFUSED) && !e.is(Errno.ENOENT)) {
                throw new IOException(target + ": cannot tell whether a node answers: " + e.getMessage(), e);
            }
            // A stale socket of a node that died: replaced below.
        }
    }

    private void acceptLoop() {
        while (!closed) {
            int c;
            try {
                c = UnixSockets.accept(listener.number());
            } catch (ErrnoException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.ERROR, "accept on " + path + ": " + e.getMessage());
                }
                return;
            }
            OwnedFd conn = new OwnedFd(c, "connection on " + path);
            open.add(conn);
            Thread.ofVirtual().name("edgefusion-node-conn").start(() -> {
                try (conn) {
                    serve(conn);
                } catch (IOException | UncheckedIOException | io.edgefusion.kernel.sys.KernelException e) {
                    LOG.log(System.Logger.Level.WARNING, path + ": " + e.getMessage());
                } finally {
                    open.remove(conn);
                }
            });
        }
    }

    private void serve(OwnedFd conn) throws IOException {
        PeerCredentials cred = UnixSockets.peerCredentials(conn.number());
        Peer peer = new Peer(cred.pid(), cred.uid(), cred.gid());
        if (cred.uid() != 0 && cred.uid() != ownerUid) {
            // The client reads a line that starts with a byte no frame type has, and falls back to the JVM CLI.
            byte[] line = ("edgefusion: the node at " + path.getParent() + " serves root and uid " + ownerUid
                    + " only, not uid " + cred.uid() + "\n").getBytes(StandardCharsets.UTF_8);
            conn.write(line, 0, line.length);
            return;
        }
        SocketReader reader = new SocketReader(conn);
        byte[] magic = new byte[ClientProtocol.MAGIC.length];
        if (!reader.readFully(magic)) {
            reader.refuseFds();
            return;
        }
        if (Arrays.equals(magic, ClientProtocol.MAGIC)) {
            try {
                commands.serve(conn, reader, peer);
            } finally {
                reader.refuseFds();
            }
            return;
        }
        reader.refuseFds();
        http.serve(new SequenceInputStream(new ByteArrayInputStream(magic), reader.stream()), conn.output(), peer);
    }

    /** Stops accepting and removes the socket file (if it is still this socket's). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        listener.shutdown(2); // wakes accept4 with EINVAL
        boolean interrupted = false;
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        listener.close();
        try {
            if (inode.equals(Files.getAttribute(path, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                Files.delete(path);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // already gone
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connections being served right now. */
    public int openConnections() {
        return open.size();
    }
}
