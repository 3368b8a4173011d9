package io.edgefusion.node.host;

import io.edgefusion.kernel.net.OwnedFd;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.sandbox.launch.HelperLauncher;
import io.edgefusion.sandbox.launch.HelperStderr;
import io.edgefusion.sandbox.launch.LaunchedHelper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A thin-client command's {@link HelperLauncher}: the client starts the program as its own child (SPAWN), so it
 * descends from the client's caller, and hands back its pipes (SPAWNED); its end comes as REAPED. Also the one
 * writer of the connection ({@link #write}), so frames of concurrent spawns and the EXIT frame never interleave.
 *
 * <p>The client answers SPAWNs in order, so answers are matched to requests first in, first out. The helper's
 * stderr is the client's own fd 2, the caller's stderr, whatever {@link HelperStderr} asks: the frame has no
 * choice of it.
 */
final class ClientLauncher implements HelperLauncher {
    private static final System.Logger LOG = System.getLogger(ClientLauncher.class.getName());

    private record Pending(String path, CompletableFuture<ClientHelper> answer) {
    }

    private final OwnedFd conn;
    private final long clientPid;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Started and not yet reaped, by pid. */
    private final Map<Long, ClientHelper> live = new HashMap<>();
    /** Every helper started, for closing the node's pipe ends when the command is over. */
    private final List<ClientHelper> started = new ArrayList<>();
    /** Why no more spawns are served; null while they are. */
    private String over;

    ClientLauncher(OwnedFd conn, long clientPid) {
        this.conn = conn;
        this.clientPid = clientPid;
    }

    @Override
    public LaunchedHelper start(List<String> command, HelperStderr stderr) throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no program to start");
        }
        String path = command.getFirst();
        byte[] frame = ClientProtocol.spawnFrame(path, command);
        Pending p = new Pending(path, new CompletableFuture<>());
        writeLock.lock();
        try {
            synchronized (this) {
                if (over != null) {
                    throw new IOException(what(path) + ": " + over);
                }
                pending.add(p);
            }
            conn.write(frame, 0, frame.length);
        } catch (IOException e) {
            synchronized (this) {
                pending.remove(p);
            }
            throw new IOException(what(path) + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        try {
            return p.answer().get();
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            p.answer().cancel(false); // its SPAWNED still comes: the pipes are closed then, the helper sees EOF
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what(path) + ": interrupted while waiting for the client");
        }
    }

    /** Writes one whole frame to the client. */
    void write(byte[] frame) throws IOException {
        writeLock.lock();
        try {
            conn.write(frame, 0, frame.length);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * SPAWNED: {@code pid} (0 with {@code errno} on failure) and the fds that came with the frame: stdin, stdout
     * and, from a client on a kernel with pidfds, the child's pidfd.
     */
    void spawned(long pid, int errno, List<OwnedFd> fds) {
        Pending p;
        synchronized (this) {
            p = pending.poll();
        }
        if (p == null || pid <= 0 || fds.size() < 2 || fds.size() > 3) {
            // Started, but nobody can talk to it: SIGKILL, through its pidfd when the frame is well formed.
            if (pid > 0 && fds.size() == 3) {
                ClientHelper.kill(fds.get(2));
            } else if (pid > 0) {
                ClientHelper.kill(pid); // not reaped yet unless REAPED follows: the old client's window
            }
            fds.forEach(OwnedFd::close);
            if (p == null) {
                LOG.log(System.Logger.Level.DEBUG, "client pid " + clientPid + ": SPAWNED " + pid + " for no SPAWN");
            } else {
                p.answer().completeExceptionally(pid <= 0 ? failed(p.path(), errno)
                        : new IOException(what(p.path()) + ": pid " + pid + " came with " + fds.size()
                                + " fds, not its stdin, stdout and pidfd"));
            }
            return;
        }
        ClientHelper h = new ClientHelper(pid, fds.get(0), fds.get(1), fds.size() == 3 ? fds.get(2) : null);
        boolean keep;
        synchronized (this) {
            keep = over == null;
            if (keep) {
                live.put(pid, h);
                started.add(h);
            }
        }
        if (!keep || !p.answer().complete(h)) {
            h.closeFds(); // the command gave up waiting: the helper reads EOF and exits
        }
    }

    /** REAPED: the client's child {@code pid} ended with this raw wait status. */
    void reaped(long pid, int waitStatus) {
        ClientHelper h;
        synchronized (this) {
            h = live.remove(pid);
        }
        if (h != null) {
            h.reaped(waitStatus);
        }
    }

    /**
     * The connection ended (the client vanished, or the command is over): spawns waiting for their answer fail,
     * and helpers not reaped yet have lost their exit status. Idempotent.
     */
    void ended(String why) {
        List<Pending> waiting;
        List<ClientHelper> orphans;
        synchronized (this) {
            if (over == null) {
                over = why;
            }
            waiting = List.copyOf(pending);
            pending.clear();
            orphans = List.copyOf(live.values());
            live.clear();
        }
        waiting.forEach(w -> w.answer().completeExceptionally(new IOException(what(w.path()) + ": " + why)));
        orphans.forEach(h -> h.lost(clientPid));
    }

    /** The command is over: as {@link #ended}, and the node's ends of every helper's pipes are closed. */
    void close() {
        ended("the command is over");
        List<ClientHelper> all;
        synchronized (this) {
            all = List.copyOf(started);
            started.clear();
        }
        all.forEach(ClientHelper::closeFds);
    }

    private IOException failed(String path, int errno) {
        ErrnoException e = new ErrnoException("start " + path, "through the thin client (pid " + clientPid + ")",
                errno);
        return new IOException(e.getMessage(), e);
    }

    private String what(String path) {
        return "start " + path + " through the thin client (pid " + clientPid + ")";
    }
}
