package io.edgefusion.oci.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one host command to its end, bounded by a deadline, with stdin empty and both streams captured. */
public final class Cmd {
    /** Long enough for a cold podman or ctr on a loaded CI host; a hung command still fails the test. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration PIPE_GRACE = Duration.ofSeconds(15);

    private Cmd() {
    }

    /** What a finished command did. */
    public record Result(List<String> argv, int exit, String out, String err) {
        public Result {
            argv = List.copyOf(argv);
        }

        /** This result when the exit code is {@code expected}; else a failure naming the command. */
        public Result expect(int expected) {
            if (exit != expected) {
                throw new CommandFailed(describe() + ": exit " + exit + ", expected " + expected);
            }
            return this;
        }

        public Result ok() {
            return expect(0);
        }

        /** The command line, exit code and both streams, for failure messages. */
        public String describe() {
            return "`" + String.join(" ", argv) + "` (exit " + exit + ") stderr: " + err.strip()
                    + (out.isBlank() ? "" : " stdout: " + out.strip());
        }
    }

    public static Result run(List<String> argv, Map<String, String> env) {
        return run(argv, env, DEFAULT_TIMEOUT);
    }

    public static Result run(List<String> argv, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CommandFailed("`" + String.join(" ", argv) + "` could not start: " + e.getMessage());
        }
        // Both pipes drain concurrently so a chatty command never blocks on a full pipe.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        String line = "`" + String.join(" ", argv) + "`";
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new CommandFailed(line + " did not finish within " + timeout + "; stderr: "
                        + err.getNow("").strip());
            }
            try {
                // A daemon the command left behind (conmon, a shim) must not hold our pipes open.
                return new Result(argv, p.exitValue(), out.get(PIPE_GRACE.toMillis(), TimeUnit.MILLISECONDS),
                        err.get(PIPE_GRACE.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException | ExecutionException e) {
                throw new CommandFailed(line + " exited " + p.exitValue() + " but a process it started still holds"
                        + " its stdout or stderr open");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new CommandFailed("`" + String.join(" ", argv) + "` interrupted");
        }
    }

    /** All of a stream up to its end, or up to the point where it was closed under us (a killed command). */
    private static String drain(InputStream in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (in) {
            in.transferTo(b);
        } catch (IOException e) {
            // Closed by destroy after a timeout: what came before is what we have.
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code argv} run on a fresh terminal: util-linux {@code script} gives the command a pty as its stdin,
     * stdout and stderr (the tests' own stdio are pipes), and {@code -e} passes its exit code on.
     */
    public static List<String> onTerminal(List<String> argv) {
        List<String> quoted = new ArrayList<>();
        for (String a : argv) {
            quoted.add("'" + a.replace("'", "'\\''") + "'");
        }
        return List.of("script", "-qec", String.join(" ", quoted), "/dev/null");
    }
}
