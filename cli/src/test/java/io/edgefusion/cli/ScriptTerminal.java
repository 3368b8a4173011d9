package io.edgefusion.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A shell on a real terminal, the way an operator sits at one: {@code script} gives {@code sh} a pty; the test
 * types into it and reads what the terminal shows. Waits are on what appears, with a deadline.
 */
final class ScriptTerminal implements AutoCloseable {
    private static final long DEADLINE_MS = 120_000;

    private final Process process;
    private final OutputStream keys;
    private final StringBuilder shown = new StringBuilder();
    private int cursor;
    private int marks;

    ScriptTerminal(int rows, int cols) {
        try {
            ProcessBuilder pb = new ProcessBuilder("script", "-qfec", "sh", "/dev/null").redirectErrorStream(true);
            pb.environment().put("PS1", "$ ");
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys = process.getOutputStream();
        Thread.ofPlatform().daemon().start(() -> pump(process.getInputStream()));
        type("stty rows " + rows + " cols " + cols);
        sync();
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (shown) {
                    shown.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    shown.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the terminal closed
        }
    }

    /** Types a line, as if followed by Enter. */
    void type(String line) {
        keys(line + "\n");
    }

    /** Types raw keys (e.g. "\u0003" for Ctrl-C). */
    void keys(String raw) {
        try {
            keys.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code text} is shown after what an earlier wait consumed; returns what was shown up to and
     * including it. Typed lines are echoed, so wait for output the echo cannot contain (e.g. {@code $((1+1))}).
     */
    String await(String text) {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        synchronized (shown) {
            int at;
            while ((at = shown.indexOf(text, cursor)) < 0) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("terminal never showed " + text + "; it shows:\n"
                            + shown.substring(cursor));
                }
                try {
                    shown.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            String upTo = shown.substring(cursor, at + text.length());
            cursor = at + text.length();
            return upTo;
        }
    }

    /** Waits until the shell has run everything typed so far (and read anything queued on its terminal). */
    String sync() {
        int n = ++marks + 1000;
        type("echo S$((" + n + "+1))Y");
        return await("S" + (n + 1) + "Y");
    }

    /** The process of the command the shell runs whose command line contains {@code fragment}, if any. */
    Optional<ProcessHandle> descendant(String fragment) {
        return process.descendants().filter(h -> h.info().commandLine().orElse("").contains(fragment)).findFirst();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            type("exit");
            try {
                keys.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
