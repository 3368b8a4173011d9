package io.edgefusion.cli;

import io.edgefusion.nativehelper.HelperResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The CLI run the two ways a user can run it, with the same argv, cwd, environment and stdin: {@link #cold} is
 * the JVM CLI in its own process (what {@code EDGEFUSION_NO_CLIENT=1 ./edgefusion} runs), {@link #client} is
 * the native thin client (what {@code ./edgefusion} execs once built) handing the command to the node. The
 * client's fallback launcher is a tripwire: a client that did not reach the node prints
 * {@value #FELL_BACK} and exits 99, so a through-client result equal to the cold one went through the node.
 */
final class BothWays {
    private static final java.util.concurrent.Executor FRESH = r -> Thread.ofPlatform().daemon().start(r);
    static final String FELL_BACK = "edgefusion-test: the client fell back to the launcher";

    private final Path ef;
    private final Path client;
    private final Path tripwire;
    private final Path cwd;
    private final Map<String, String> env;

    /** Writes the launcher, the client and the tripwire into {@code bin}; commands run in {@code cwd}. */
    BothWays(Path bin, Path cwd) {
        this.cwd = cwd;
        try {
            ef = CliProcess.launcher(bin);
            client = bin.resolve(HelperResource.CLIENT_NAME);
            try (InputStream in = HelperResource.class.getResourceAsStream(HelperResource.CLIENT_NAME)) {
                if (in == null) {
                    throw new AssertionError("the client binary is missing: build the native module");
                }
                Files.write(client, in.readAllBytes());
            }
            tripwire = bin.resolve("tripwire");
            Files.writeString(tripwire, "#!/bin/sh\necho '" + FELL_BACK + "' >&2\nexit 99\n");
            for (Path p : List.of(client, tripwire)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // One environment for both: the test JVM's without any EdgeFusion setting, plus the client's launcher
        // (which the cold CLI ignores), so neither side sees a variable the other does not.
        var e = new java.util.TreeMap<>(System.getenv());
        e.keySet().removeIf(k -> k.startsWith("EDGEFUSION_") || k.equals("NO_COLOR") || k.startsWith("CLICOLOR"));
        e.put("EDGEFUSION_LAUNCHER", tripwire.toString());
        env = Map.copyOf(e);
    }

    Path launcher() {
        return ef;
    }

    Path clientBinary() {
        return client;
    }

    Path cwd() {
        return cwd;
    }

    Map<String, String> env() {
        return env;
    }

    record Outcome(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Outcome cold(List<String> args, byte[] stdin) {
        return run(ef, args, stdin);
    }

    Outcome client(List<String> args, byte[] stdin) {
        return run(client, args, stdin);
    }

    /** {@code program ARGS} in {@link #cwd} with {@link #env}, {@code stdin} on a pipe (empty: closed at once). */
    Outcome run(Path program, List<String> args, byte[] stdin) {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            // Threads of their own: a shared pool with one worker would serialise the three and deadlock.
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), FRESH);
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), FRESH);
            CompletableFuture<Void> in = CompletableFuture.runAsync(() -> {
                try (OutputStream o = p.getOutputStream()) {
                    o.write(stdin);
                } catch (IOException ignored) {
                    // the command did not read all of it: so be it, on either side
                }
            }, FRESH);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("no exit within the deadline: " + cmd);
            }
            in.get(60, TimeUnit.SECONDS);
            return new Outcome(p.exitValue(), new String(out.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                    new String(err.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(cmd + ": " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
