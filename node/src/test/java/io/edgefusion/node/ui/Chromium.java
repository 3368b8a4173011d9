package io.edgefusion.node.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Debian's headless Chromium, one process per page load: {@code --dump-dom} prints the DOM after the page's
 * scripts ran ({@code --virtual-time-budget} lets its fetches and timers finish first), {@code --screenshot}
 * writes a PNG. It runs as root here, so {@code --no-sandbox} is required. Every run has its own temp profile;
 * a run that overstays is ended by its pid and its own process tree, never by name.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final int VIRTUAL_TIME_MS = 5000;

    private final Path workDir;
    private int runs;

    Chromium(Path workDir) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's chromium (apt-get install -y"
                    + " chromium)");
        }
        this.workDir = workDir;
    }

    /** The rendered DOM of {@code url}. */
    String dumpDom(String url) throws Exception {
        return run(List.of("--virtual-time-budget=" + VIRTUAL_TIME_MS, "--dump-dom", url));
    }

    /**
     * Dumps {@code url} again until {@code rendered} holds for the DOM (the page fills itself asynchronously; one
     * budget may end before a slow read answers), up to {@code timeout}; fails naming {@code what} and the last DOM.
     */
    String dumpUntil(String what, String url, Predicate<String> rendered, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String dom;
        do {
            dom = dumpDom(url);
            if (rendered.test(dom)) {
                return dom;
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("the page at " + url + " did not show " + what + " within " + timeout
                + "; its last DOM:\n" + dom);
    }

    /** A {@code width}×{@code height} PNG of {@code url} in {@code file}. */
    void screenshot(String url, Path file, int width, int height) throws Exception {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        run(List.of("--virtual-time-budget=" + VIRTUAL_TIME_MS, "--screenshot=" + file,
                "--window-size=" + width + "," + height, url));
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            throw new IllegalStateException("chromium wrote no screenshot to " + file);
        }
    }

    /** One browser run; its stdout. Fails with its stderr when it exits non-zero or overstays. */
    private String run(List<String> args) throws Exception {
        int n = ++runs;
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        Path out = workDir.resolve("chromium-" + n + ".out");
        Path err = workDir.resolve("chromium-" + n + ".err");
        List<String> argv = new ArrayList<>(List.of(BINARY.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--password-store=basic"));
        argv.addAll(args);
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(RUN.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("chromium (pid " + p.pid() + ") did not finish within " + RUN + ": "
                        + tail(err));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("chromium exited with " + p.exitValue() + ": " + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            kill(p);
            io.edgefusion.kernel.sys.TreeRemoval.remove(profile);
        }
    }

    /** Ends the browser and every process it started (renderers, zygotes), by pid: never by name. */
    private static void kill(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("chromium (pid " + p.pid() + ") did not end: " + e, e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
