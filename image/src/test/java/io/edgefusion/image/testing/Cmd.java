package io.edgefusion.image.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external tool (umoci, skopeo, tar) and fails the test with its output when it fails. */
public final class Cmd {
    private Cmd() {
    }

    public static String run(Path cwd, String... args) {
        try {
            Process p = new ProcessBuilder(List.of(args)).directory(cwd == null ? null : cwd.toFile())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", args) + ": timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", args) + " exited " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", args) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String sh(Path cwd, String script) {
        return run(cwd, "/bin/sh", "-ec", script);
    }
}
