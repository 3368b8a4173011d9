package io.edgefusion.sandbox.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A helper that is this JVM's child. With a stderr pipe, a thread copies it to the caller's stream, and the
 * waits return once the copy is done too (bounded: a descendant holding the pipe must not keep us).
 */
final class ProcessHelper implements LaunchedHelper {
    private static final Duration ERR_COPY_WAIT = Duration.ofSeconds(30);

    private final Process process;
    /** Copies the helper's stderr to the caller's; null when the helper's stderr is not a pipe of ours. */
    private final Thread errCopy;

    ProcessHelper(Process process, OutputStream err) {
        this.process = process;
        this.errCopy = err == null ? null : Thread.ofPlatform().daemon().name("edgefusion-helper-stderr")
                .start(() -> copy(process.getErrorStream(), err));
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        int code = process.waitFor();
        awaitErrCopy();
        return code;
    }

    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        awaitErrCopy();
        return true;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void destroy() {
        process.destroyForcibly();
    }

    /**
     * Everything the helper wrote to its stderr pipe is at the caller's once the helper has ended. An interrupt
     * here keeps the exit code (the helper did end) and stays set for the caller.
     */
    private void awaitErrCopy() {
        if (errCopy == null) {
            return;
        }
        try {
            errCopy.join(ERR_COPY_WAIT); // EOF comes when the helper ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(InputStream from, OutputStream to) {
        byte[] buf = new byte[8192];
        try (from) {
            for (int n; (n = from.read(buf)) > 0; ) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException ignored) {
            // the caller's stderr went away: the workload goes on (the helper ignores SIGPIPE likewise)
        }
    }
}
