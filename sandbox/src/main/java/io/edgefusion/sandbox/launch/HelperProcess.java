package io.edgefusion.sandbox.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One running helper and the handshake with it (runc's order): send the spec, read {@code pid N}, let the caller
 * put that pid into the cgroup, send {@code go}, read {@code started T} or {@code error <step> <errno>}. After
 * that the helper's stdout carries the workload's stdout when attached.
 */
public final class HelperProcess implements AutoCloseable {
    private final LaunchedHelper process;
    private final InputStream in;
    private final OutputStream ctl;

    private HelperProcess(LaunchedHelper process) {
        this.process = process;
        this.in = process.stdout();
        this.ctl = process.stdin();
    }

    /**
     * Starts the helper with the spec. Attached, its stderr is ours (the workload's stderr goes straight to the
     * user); detached, it is discarded (the helper reports failures on stdout and then logs to a file).
     */
    public static HelperProcess start(Path stateRoot, String spec, boolean attached) {
        return start(stateRoot, spec, attached, null);
    }

    /**
     * As above, attached with the helper's stderr copied to {@code err} (when not null): the caller's stderr,
     * which need not be this process's (a node runs commands for many callers; what the helper and a relayed
     * workload write there must not land in the node's own log). A handed stderr ({@code stdio}) replaces the
     * pipe inside the helper, and the copy just ends.
     */
    public static HelperProcess start(Path stateRoot, String spec, boolean attached, OutputStream err) {
        return start(stateRoot, spec, attached, err, HelperLauncher.local());
    }

    /**
     * As above, the helper started by {@code launcher}, whose child it is (see {@link HelperStderr} for what a
     * launcher that cannot choose does with its stderr).
     */
    public static HelperProcess start(Path stateRoot, String spec, boolean attached, OutputStream err,
                                      HelperLauncher launcher) {
        Path helper = HelperBinary.executable(stateRoot);
        HelperStderr stderr = !attached ? new HelperStderr.Discard()
                : err == null ? new HelperStderr.Inherit() : new HelperStderr.CopyTo(err);
        LaunchedHelper p;
        try {
            p = launcher.start(List.of(helper.toString()), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the helper " + helper, e);
        }
        HelperProcess h = new HelperProcess(p);
        try {
            h.ctl.write(spec.getBytes(StandardCharsets.UTF_8));
            h.ctl.flush();
            return h;
        } catch (IOException e) {
            p.destroy();
            throw new UncheckedIOException("cannot send the spec to the helper " + helper + " (pid " + p.pid() + ")",
                    e);
        }
    }

    public long helperPid() {
        return process.pid();
    }

    /** The pid of the cloned child (the sandbox's PID 1, or the exec'd process), not yet released. */
    public long awaitPid() {
        String line = readLine();
        if (line.startsWith("pid ")) {
            return Long.parseLong(line.substring(4).trim());
        }
        throw failure(line);
    }

    /** Releases the child: its pid is in the cgroup. */
    public void go() {
        try {
            ctl.write("go\n".getBytes(StandardCharsets.US_ASCII));
            ctl.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the helper went away before the go signal", e);
        }
    }

    /** Epoch milliseconds at which the workload was exec'd; throws {@link LaunchFailure} if a step failed. */
    public long awaitStarted() {
        String line = readLine();
        if (line.startsWith("started ")) {
            return Long.parseLong(line.substring(8).trim());
        }
        throw failure(line);
    }

    /**
     * The next line, which must be {@code word} alone or followed by a value (returned, or ""): {@code created T}
     * after a create, {@code mounted} while createContainer hooks run; an {@code error} line throws.
     */
    public String await(String word) {
        String line = readLine();
        if (line.equals(word)) {
            return "";
        }
        if (line.startsWith(word + " ")) {
            return line.substring(word.length() + 1).trim();
        }
        throw failure(line);
    }

    private LaunchFailure failure(String line) {
        if (line.isEmpty()) {
            waitQuietly();
            return new LaunchFailure("helper exited " + exitCode()
                    + " without answering", io.edgefusion.kernel.sys.Errno.EIO.number());
        }
        return LaunchFailure.parse(line);
    }

    /** The exit code of a helper that ended, else "?". */
    private String exitCode() {
        try {
            return process.isAlive() ? "?" : Integer.toString(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        } catch (HelperExitLost e) {
            return "?";
        }
    }

    private void waitQuietly() {
        try {
            process.waitFor(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One protocol line, read byte by byte so nothing of the workload's output behind it is consumed. */
    private String readLine() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            for (int c; (c = in.read()) != -1 && c != '\n'; ) {
                b.write(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading from the helper", e);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code -i} without a terminal: copies {@code stdin} to the helper (which relays it to the workload's stdin
     * pipe) on a daemon thread, and closes the helper's stdin at EOF so the workload sees EOF too. The thread
     * may stay blocked reading a stdin that never ends; being a daemon, it does not keep the JVM alive.
     */
    public void pumpInput(InputStream stdin) {
        Thread.ofPlatform().daemon().name("edgefusion-stdin").start(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = stdin.read(buf)) > 0; ) {
                    ctl.write(buf, 0, n);
                    ctl.flush();
                }
            } catch (IOException ignored) {
                // the workload stopped reading (or ended): its stdin simply closes
            }
            try {
                ctl.close();
            } catch (IOException ignored) {
                // already closed
            }
        });
    }

    /** Copies the workload's stdout (attached mode) until it ends. */
    public void copyOutput(OutputStream out) {
        byte[] buf = new byte[65536];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying the sandbox's output", e);
        }
    }

    /** Waits for the helper; its exit code is the workload's. */
    public int waitFor() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sandbox", e);
        }
    }

    /** Waits at most {@code timeout} for the helper; true when it exited (its code is {@link #waitFor()}). */
    public boolean waitFor(java.time.Duration timeout) {
        try {
            return process.waitFor(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sandbox", e);
        }
    }

    /** Detached: the helper keeps running as the reaper; we only drop our pipes. */
    @Override
    public void close() {
        try {
            ctl.close();
            in.close();
        } catch (IOException ignored) {
            // nothing to do: the helper no longer needs them
        }
    }

    /** Ends a helper whose handshake failed. */
    public void destroy() {
        process.destroy();
        waitQuietly();
    }
}
