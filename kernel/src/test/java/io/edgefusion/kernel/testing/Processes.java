package io.edgefusion.kernel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child processes a test starts and is sure to end: only ones it started, never by name. */
public final class Processes implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();

    /** Starts {@code sh -c script}; output is discarded. */
    public Process sh(String script) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process that sleeps until killed. */
    public Process sleeper() {
        return sh("exec sleep 1000");
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
