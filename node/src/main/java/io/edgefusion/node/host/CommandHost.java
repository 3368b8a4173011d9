package io.edgefusion.node.host;

import io.edgefusion.kernel.net.OwnedFd;
import io.edgefusion.node.api.Peer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one thin client's connection (native/CLIENT.md): reads its HELLO and the three stdio fds that came with
 * it, runs the command with the {@link CommandRunner} on a virtual thread as an {@link Invocation} over those fds,
 * feeds the client's signal and WINCH frames to the invocation's signals while it runs, then sends the EXIT
 * frame. The invocation's launcher has the client start helpers as its children ({@link ClientLauncher}). The
 * received fds are closed when the command is over, whatever happened.
 *
 * <p>A forwarded INT, TERM or HUP that no subscriber takes interrupts the command's thread (the cold CLI would
 * die of it). A client that vanishes mid-command is a hang-up: SIGHUP; a command still running {@link #GRACE}
 * later gets SIGKILL (an attached workload that ignores the hang-up, e.g. a PID 1 without handlers, is killed,
 * and its --rm sandbox removed), as {@code stop} escalates: nobody is left to read or stop it.
 */
public final class CommandHost {
    private static final System.Logger LOG = System.getLogger(CommandHost.class.getName());
    private static final int EXIT_INTERNAL = 125;
    /** How long a command whose caller vanished gets after SIGHUP before SIGKILL (docker stop's default). */
    static final java.time.Duration GRACE = java.time.Duration.ofSeconds(10);
    private static final int SIGKILL = 9;

    private final CommandRunner runner;
    private final Charset charset;

    /** Commands' text goes out in the node JVM's native encoding, as a cold CLI's {@code System.out} would. */
    public CommandHost(CommandRunner runner) {
        this(runner, Charset.forName(System.getProperty("native.encoding", "UTF-8"), StandardCharsets.UTF_8));
    }

    public CommandHost(CommandRunner runner, Charset charset) {
        this.runner = runner;
        this.charset = charset;
    }

    /**
     * Serves {@code conn} after its magic was read through {@code reader}; returns when the command is over and
     * its fds are closed. The caller closes {@code conn}.
     */
    void serve(OwnedFd conn, SocketReader reader, Peer peer) throws IOException {
        List<OwnedFd> fds = new ArrayList<>();
        try {
            byte[] header = new byte[ClientProtocol.HEADER];
            if (!reader.readFully(header)) {
                return;
            }
            int type = header[0] & 0xff;
            int len = ByteBuffer.wrap(header, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (type != ClientProtocol.HELLO || len < 0 || len > ClientProtocol.MAX_FRAME) {
                throw new IOException("client pid " + peer.pid() + ": expected HELLO, got frame type " + type
                        + " of " + Integer.toUnsignedString(len) + " bytes");
            }
            byte[] payload = new byte[len];
            if (!reader.readFully(payload)) {
                throw new IOException("client pid " + peer.pid() + ": HELLO cut short");
            }
            fds.addAll(reader.takeFds());
            reader.keepFdsByFrame(); // from now only a SPAWNED frame brings fds
            if (fds.size() != 3) {
                throw new IOException("client pid " + peer.pid() + ": HELLO came with " + fds.size()
                        + " fds, not its stdin, stdout and stderr");
            }
            ClientProtocol.Hello hello = ClientProtocol.hello(payload);
            run(conn, reader, peer, hello, fds);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new IOException("client pid " + peer.pid() + ": " + e.getMessage(), e);
        } finally {
            fds.forEach(OwnedFd::close);
        }
    }

    private void run(OwnedFd conn, SocketReader reader, Peer peer, ClientProtocol.Hello hello, List<OwnedFd> fds)
            throws IOException {
        ClientSignals signals = new ClientSignals(hello.anyTty() ? hello.size() : null);
        PrintStream out = new PrintStream(new BufferedOutputStream(fds.get(1).output(), 8192), true, charset);
        PrintStream err = new PrintStream(new BufferedOutputStream(fds.get(2).output(), 8192), true, charset);
        Path cwd = Path.of(hello.cwd());
        ClientLauncher launcher = new ClientLauncher(conn, peer.pid());
        Invocation inv = new Invocation(hello.args(), cwd, hello.env(), fds.get(0).input(), out, err,
                new CallerFds(ProcessHandle.current().pid(), fds.get(0).number(), fds.get(1).number(),
                        fds.get(2).number()), signals, peer.pid(), launcher);
        AtomicInteger code = new AtomicInteger(EXIT_INTERNAL);
        Thread command = Thread.ofVirtual().name("edgefusion-command-" + peer.pid()).unstarted(() -> {
            try {
                code.set(runner.run(inv));
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "command " + hello.args() + " of pid " + peer.pid()
                        + " failed", t);
                err.println("edgefusion: internal error: " + t);
            } finally {
                out.flush();
                err.flush();
                // Closed before the exit code goes out: once the client exits, the node holds none of its files
                // (a `$(edgefusion ...)` sees end of file when the client is done, not when the node gets to it).
                fds.forEach(OwnedFd::close);
                launcher.close(); // the helpers' pipes too
                // Before EXIT, so the line is written once the caller has its exit code: which commands reached
                // the node (e.g. an OCI runtime's verbs through the client) is visible with EDGEFUSION_LOG=debug.
                LOG.log(System.Logger.Level.DEBUG, () -> "client pid " + peer.pid() + ": " + hello.args()
                        + " exit " + code.get());
                try {
                    launcher.write(ClientProtocol.exitFrame(code.get()));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "client pid " + peer.pid() + " left before its exit code");
                }
                conn.shutdown(2); // ends the frame loop below
            }
        });
        command.start();
        try {
            relayFrames(reader, signals, command, peer, launcher);
        } finally {
            joinUninterruptibly(command);
        }
    }

    /**
     * Reads SIGNAL, WINCH, SPAWNED and REAPED frames until the connection ends (the command's end shuts it down);
     * then the launcher's waits end too.
     */
    private static void relayFrames(SocketReader reader, ClientSignals signals, Thread command, Peer peer,
                                    ClientLauncher launcher) {
        byte[] header = new byte[ClientProtocol.HEADER];
        try {
            for (long at = reader.position(); reader.readFully(header); at = reader.position()) {
                int type = header[0] & 0xff;
                int len = ByteBuffer.wrap(header, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (len < 0 || len > 64) {
                    throw new IOException("frame type " + type + " of " + Integer.toUnsignedString(len) + " bytes");
                }
                byte[] payload = new byte[len];
                if (!reader.readFully(payload)) {
                    break;
                }
                ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
                if (type == ClientProtocol.SIGNAL && len == 4) {
                    signal(signals, b.getInt(), command);
                } else if (type == ClientProtocol.WINCH && len == 8) {
                    signals.resize(ClientProtocol.windowSize(b));
                } else if (type == ClientProtocol.SPAWNED && (len == 4 || len == 8)) {
                    long pid = Integer.toUnsignedLong(b.getInt());
                    launcher.spawned(pid, len == 8 ? b.getInt() : 0,
                            reader.takeFds(at, ClientProtocol.HEADER + len));
                } else if (type == ClientProtocol.REAPED && len == 8) {
                    launcher.reaped(Integer.toUnsignedLong(b.getInt()), b.getInt());
                }
                // Any other frame is from a newer client: skipped. Fds that came with anything but SPAWNED: closed.
                reader.dropFdsBefore(reader.position());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client pid " + peer.pid() + ": " + e.getMessage());
        } finally {
            launcher.ended("the connection to the client ended");
        }
        if (command.isAlive()) {
            signal(signals, ClientProtocol.SIGHUP, command); // the caller is gone, like a closed terminal
            try {
                if (!command.join(GRACE)) {
                    LOG.log(System.Logger.Level.INFO, "client pid " + peer.pid() + " vanished; its command"
                            + " outlived SIGHUP by " + GRACE.toSeconds() + " s: SIGKILL");
                    signals.deliver(SIGKILL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void signal(ClientSignals signals, int signo, Thread command) {
        if (!signals.deliver(signo) && (signo == ClientProtocol.SIGINT || signo == ClientProtocol.SIGTERM
                || signo == ClientProtocol.SIGHUP)) {
            command.interrupt();
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
