package io.edgefusion.cli;

import io.edgefusion.nativehelper.HelperResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as {@code ./edgefusion} runs it once built: the native thin client, which hands the command to the node
 * serving the root and otherwise execs the launcher (the JVM CLI). {@link #viaNode} gives it a launcher that does
 * not exist, so a command that did not run in the node cannot pass for one that did (exit 127).
 */
final class ThinClient {
    private final Path client;
    private final Path launcher;
    private final Path root;
    private final Path cwd;

    private ThinClient(Path client, Path launcher, Path root, Path cwd) {
        this.client = client;
        this.launcher = launcher;
        this.root = root;
        this.cwd = cwd;
    }

    /**
     * The client binary copied to {@code dir/edgefusion-client} (mode 0755), falling back to {@code launcher}; its
     * commands run in {@code dir} (so a relative file names one there).
     */
    static ThinClient of(Path dir, Path launcher, Path root) {
        Path c = dir.resolve(HelperResource.CLIENT_NAME);
        if (!Files.exists(c)) {
            try (InputStream in = HelperResource.class.getResourceAsStream(HelperResource.CLIENT_NAME)) {
                assertThat(in).as("the client binary (native module built)").isNotNull();
                Files.write(c, in.readAllBytes());
                Files.setPosixFilePermissions(c, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ThinClient(c, launcher, root, dir);
    }

    Path binary() {
        return client;
    }

    /** What one command did. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    /** A command that must run in the node: with no launcher to fall back to. */
    Result viaNode(String... args) {
        return run(Path.of("/nonexistent/edgefusion-launcher"), List.of(), args);
    }

    /** A command as ./edgefusion runs it: in the node if one answers, else in the JVM CLI. */
    Result any(String... args) {
        return run(launcher, List.of(), args);
    }

    /** {@code prefix...} (e.g. setpriv) before the client. */
    Result run(Path fallback, List<String> prefix, String... args) {
        return start(fallback, prefix, args).join();
    }

    /** Runs in the background (e.g. a deploy the node will be killed in the middle of). */
    CompletableFuture<Result> start(Path fallback, List<String> prefix, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(client.toString());
        cmd.add("--root");
        cmd.add(root.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("EDGEFUSION_LAUNCHER", fallback.toString());
        pb.environment().remove("EDGEFUSION_NO_CLIENT");
        pb.environment().remove("EDGEFUSION_NODE_CHECKPOINT");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", cmd) + ": still running after 180 s");
                }
                return new Result(p.exitValue(), out.join(), err.join());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private static CompletableFuture<String> read(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

}
