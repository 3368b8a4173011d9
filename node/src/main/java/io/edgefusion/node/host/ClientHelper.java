package io.edgefusion.node.host;

import io.edgefusion.kernel.net.OwnedFd;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.sys.PidFds;
import io.edgefusion.sandbox.launch.HelperExitLost;
import io.edgefusion.sandbox.launch.LaunchedHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A helper the thin client started as its own child (SPAWNED): its pipes are the fds that came with that frame,
 * its end is the client's REAPED frame. The node may signal it (root, or the same uid as the client): through the
 * pidfd that came with the frame, which names that child even after the client reaped it (a client without one:
 * by pid, while it is not known to be reaped).
 */
final class ClientHelper implements LaunchedHelper {
    private final long pid;
    private final OwnedFd stdin;
    private final OwnedFd stdout;
    /** Null when the client sent none (a kernel without pidfds). */
    private final OwnedFd pidfd;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    ClientHelper(long pid, OwnedFd stdin, OwnedFd stdout, OwnedFd pidfd) {
        this.pid = pid;
        this.stdin = stdin;
        this.stdout = stdout;
        this.pidfd = pidfd;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public OutputStream stdin() {
        OutputStream out = stdin.output();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                stdin.close(); // the helper's end of file
            }
        };
    }

    @Override
    public InputStream stdout() {
        InputStream in = stdout.input();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }

            @Override
            public void close() {
                stdout.close();
            }
        };
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw (HelperExitLost) e.getCause();
        }
    }

    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        try {
            exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw (HelperExitLost) e.getCause();
        }
    }

    /** Until REAPED; once the client is gone, while the pid is alive (it may have been re-parented). */
    @Override
    public boolean isAlive() {
        if (!exit.isDone()) {
            return true;
        }
        if (!exit.isCompletedExceptionally()) {
            return false;
        }
        synchronized (this) { // the pidfd is closed only under this lock: its number is not another fd's
            if (pidfd != null && pidfd.isOpen()) {
                return PidFds.poll(new int[] {pidfd.number()}, 0).isEmpty(); // readable once it has exited
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void destroy() {
        if (pidfd != null) {
            synchronized (this) {
                if (pidfd.isOpen()) {
                    kill(pidfd);
                }
            }
            return; // closed: the command is over, and the pid no longer surely names the helper
        }
        if (exit.isDone()) {
            // Reaped, or the client is gone (and reaped by whoever inherited it): the pid may be another
            // process's by now.
            return;
        }
        kill(pid);
    }

    /** SIGKILL through a pidfd; a process already gone is no error. */
    static void kill(OwnedFd pidfd) {
        try {
            PidFds.sendSignal(pidfd.number(), Libc.SIGKILL);
        } catch (ErrnoException e) {
            if (e.errno().orElse(null) != Errno.ESRCH) {
                throw e;
            }
        }
    }

    /** SIGKILL to {@code pid}; one already gone is no error. */
    static void kill(long pid) {
        try {
            Libc.kill(Math.toIntExact(pid), Libc.SIGKILL);
        } catch (ErrnoException e) {
            if (e.errno().orElse(null) != Errno.ESRCH) {
                throw e;
            }
        }
    }

    /** REAPED with this raw wait status. */
    void reaped(int waitStatus) {
        exit.complete(ClientProtocol.exitCode(waitStatus));
    }

    /** The client went away before it reaped this helper. */
    void lost(long clientPid) {
        exit.completeExceptionally(new HelperExitLost(pid, "the thin client (pid " + clientPid
                + ") that started it went away"));
    }

    /** Drops the node's ends of the pipes. */
    void closeFds() {
        stdin.close();
        stdout.close();
        if (pidfd != null) {
            synchronized (this) {
                pidfd.close();
            }
        }
    }
}
