package io.edgefusion.oci.lifecycle;

import io.edgefusion.sandbox.oci.config.Hooks.Hook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs OCI hooks: each with the container's state JSON on its stdin, its own environment only, and its timeout
 * (the process is killed when it passes). {@code prefix} is put before the hook's path: nsenter for the hooks
 * that run in the container's namespaces.
 */
public final class Hooks {
    private Hooks() {
    }

    /** A failed hook: which one and why, in one line. */
    public static final class HookFailure extends RuntimeException {
        public HookFailure(String message) {
            super(message);
        }
    }

    /** Runs {@code hooks} in order; the first failure is thrown. */
    public static void run(String point, List<Hook> hooks, String stateJson, List<String> prefix) {
        for (int i = 0; i < hooks.size(); i++) {
            run(point + "[" + i + "]", hooks.get(i), stateJson, prefix);
        }
    }

    /** Runs every hook, whatever fails; returns the failures (poststart, poststop: the spec only warns). */
    public static List<String> runAll(String point, List<Hook> hooks, String stateJson, List<String> prefix) {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            try {
                run(point + "[" + i + "]", hooks.get(i), stateJson, prefix);
            } catch (HookFailure f) {
                failed.add(f.getMessage());
            }
        }
        return failed;
    }

    private static void run(String name, Hook h, String stateJson, List<String> prefix) {
        if (h.path() == null || !h.path().startsWith("/")) {
            throw new HookFailure("hook " + name + ": path " + h.path() + " is not absolute");
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(h.path());
        cmd.addAll(h.args().size() > 1 ? h.args().subList(1, h.args().size()) : List.of());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(false);
        pb.environment().clear();
        for (String e : h.env()) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new HookFailure("hook " + name + " " + h.path() + ": " + e.getMessage());
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(stateJson.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // a hook that does not read its stdin is fine
        }
        try {
            boolean done = h.timeout() == null ? waitForever(p) : p.waitFor(h.timeout(), TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
                throw new HookFailure("hook " + name + " " + h.path() + ": timed out after " + h.timeout() + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HookFailure("hook " + name + " " + h.path() + ": interrupted");
        }
        if (p.exitValue() != 0) {
            String err;
            try {
                err = new String(p.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                err = "";
            }
            throw new HookFailure("hook " + name + " " + h.path() + ": exit status " + p.exitValue()
                    + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse("")));
        }
    }

    private static boolean waitForever(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }
}
