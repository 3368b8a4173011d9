package io.edgefusion.sandbox.launch;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A started helper process as its starter sees it: its pid, a stream to its stdin and one of its stdout, and its
 * end. Whoever started it (this JVM, or a thin client for a command running in a node) is its parent.
 */
public interface LaunchedHelper {
    long pid();

    /** The helper's stdin; closing it is the helper's end of file. */
    OutputStream stdin();

    /** The helper's stdout; closing it drops our end of the pipe. */
    InputStream stdout();

    /**
     * Waits for the helper to end; its exit code, 128 + N after signal N.
     *
     * @throws HelperExitLost when the end can no longer be learnt (its parent, a thin client, went away)
     */
    int waitFor() throws InterruptedException;

    /** Waits at most {@code timeout}; true when the helper ended ({@link #waitFor()} then returns at once). */
    boolean waitFor(Duration timeout) throws InterruptedException;

    boolean isAlive();

    /** SIGKILL, unless it already ended; does not wait. */
    void destroy();
}
