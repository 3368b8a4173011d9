package io.edgefusion.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code edgefusion node} in its own JVM (through {@link CliProcess#launcher}) serving one root, with
 * neither TCP listener: thin clients reach it on ROOT/node.sock only. {@link #close()} is SIGTERM, the way
 * systemd stops it, with a deadline before SIGKILL.
 */
final class NodeProcess implements AutoCloseable {
    private static final long DEADLINE_S = 120;

    private final Process process;
    private final StringBuilder log = new StringBuilder();
    private boolean ready;

    private NodeProcess(Process process) {
        this.process = process;
    }

    /** Starts the node and waits for its {@code ready} line. */
    static NodeProcess start(Path ef, Path root) {
        Process p;
        try {
            p = new ProcessBuilder(ef.toString(), "--root=" + root, "node", "--api-listen", "off",
                    "--metrics-listen", "off").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeProcess n = new NodeProcess(p);
        Thread.ofPlatform().daemon().start(n::pump);
        n.awaitReady();
        return n;
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                synchronized (log) {
                    log.append(l).append('\n');
                    ready |= l.contains("msg=\"ready ");
                    log.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the node ended
        }
        synchronized (log) {
            log.notifyAll();
        }
    }

    private void awaitReady() {
        long end = System.currentTimeMillis() + DEADLINE_S * 1000;
        synchronized (log) {
            while (!ready) {
                long left = end - System.currentTimeMillis();
                if (left <= 0 || !process.isAlive() && !ready) {
                    close();
                    throw new AssertionError("the node never said ready; its log:\n" + log);
                }
                try {
                    log.wait(Math.min(left, 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Everything the node logged so far. */
    String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(DEADLINE_S, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(DEADLINE_S, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
