package io.edgefusion.cli.sandbox;

import io.edgefusion.node.host.CallerFds;
import io.edgefusion.node.host.Invocation;
import io.edgefusion.node.host.InvocationSignals;
import io.edgefusion.sandbox.Attach;
import io.edgefusion.sandbox.SignalProxy;
import io.edgefusion.sandbox.launch.CallerTerminal;
import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.spec.Stdio;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * While attached, the caller's signals belong to the workload (docker's sig-proxy, always on): SIGINT, SIGTERM,
 * SIGHUP (and SIGWINCH, for a terminal's size) that the caller receives are forwarded to the helper, which
 * forwards them to the sandbox's process, and the command keeps waiting for the exit code and cleans up as after
 * any exit. They come from the invocation's signals (a cold CLI's own, or what a thin client forwards), never
 * from handlers installed here. The helper ignores the kernel's own copy of a terminal's ^C, which reaches it
 * too in a cold CLI, so the workload gets it once.
 *
 * <p>Also the choice of stdio: the caller's own non-terminal fds are handed to the workload (a pipe stays that
 * pipe, a file keeps its offset), a terminal is relayed and never handed in.
 */
final class Signals implements AutoCloseable {
    private final Attach io;
    private final InvocationSignals.Subscription subscription;

    private Signals(Attach io, InvocationSignals.Subscription subscription) {
        this.io = io;
        this.subscription = subscription;
    }

    Attach io() {
        return io;
    }

    /** Once the command is done (its sandbox cleaned up), the signals are the caller's again. */
    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }

    /** Detached: only the output (the id); signals keep their defaults. */
    static Signals none(OutputStream out) {
        return new Signals(Attach.output(out), null);
    }

    /**
     * The attachment for {@code stdio}: a terminal only with {@code -t} when the caller's stdin is one ({@code -it}
     * insists on it, as docker does), stdin attached only with {@code -i} and no terminal, the caller's
     * non-terminal fds handed, signals proxied.
     */
    static Signals attach(Stdio stdio, Invocation caller) {
        CallerFds fds = caller.fds();
        boolean terminal = stdio.tty() && CallerStdio.of(fds.pid(), fds.in()) == CallerStdio.TERMINAL;
        if (stdio.tty() && stdio.interactive() && !terminal) {
            throw new IllegalArgumentException("-it: stdin is not a terminal (drop -t to pipe stdin in)");
        }
        CallerTerminal console = terminal ? new CallerTerminal(fdPath(fds.pid(), fds.in()),
                CallerStdio.of(fds.pid(), fds.out()) == CallerStdio.TERMINAL ? fdPath(fds.pid(), fds.out()) : null)
                : null;
        // HelperPlan keeps to the rest of the rule (stdin only with -i, with -t only the helper's own stderr).
        HandedFds handed = new HandedFds(fds.pid(), CallerStdio.handed(fds.pid(), fds.in()),
                CallerStdio.handed(fds.pid(), fds.out()), CallerStdio.handed(fds.pid(), fds.err()));
        caller.out().flush();
        caller.err().flush();
        SignalProxy proxy = new SignalProxy();
        Attach io = new Attach(caller.out(), stdio.interactive() && !stdio.tty() ? caller.in() : null, console,
                proxy, caller.err(), handed);
        return new Signals(io, caller.signals().subscribe(proxy::forward));
    }

    /** The caller's fd as a path the helper (our child) can open: the same terminal, never an fd it inherits. */
    private static Path fdPath(long pid, int fd) {
        return Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd));
    }
}
