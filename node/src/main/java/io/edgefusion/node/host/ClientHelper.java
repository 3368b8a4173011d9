package io.edgefusion.node.host;

import io.edgefusion.kernel.net.OwnedFd;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.Libc;
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
 * its end is the client's REAPED frame. The node may signal it (root, or the same uid as the client).
 */
final class ClientHelper implements LaunchedHelper {
    private final long pid;
    private final OwnedFd stdin;
    private final OwnedFd stdout;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    ClientHelper(long pid, OwnedFd stdin, OwnedFd stdout) {
        this.pid = pid;
        this.stdin = stdin;
        this.stdout = stdout;
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
        return exit.isCompletedExceptionally() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void destroy() {
        if (exit.isDone() && !exit.isCompletedExceptionally()) {
            return; // reaped: the pid may be another process's by now
        }
        kill(pid);
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
    }
}
