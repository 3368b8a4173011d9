package io.edgefusion.cli;

import io.edgefusion.nativehelper.HelperResource;
import io.edgefusion.node.NodeDaemon;
import io.edgefusion.node.NodeLock;
import io.edgefusion.node.NodeOptions;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.NodeSetup;
import io.edgefusion.node.NodeStartException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cli suite through a node ({@code -Dedgefusion.test.throughNode=true}, the {@code through-node} surefire
 * execution): {@link CliRun#of} hands a command that names a state root to the real thin client, which hands it
 * to a node serving that root — one that already serves it (a test's own), else one started in this JVM
 * ({@link NodeSetup#hosting} {@code Main::run}) for the one command and closed after it, so no node outlives
 * the command and nothing changes for the test's clean-up. Argv, cwd (this JVM's) and environment are the
 * test's; stdin is what the test set with System.setIn, else empty. Verbs whose answer is whether a node
 * runs go through a node only when the test started one. The client's fallback launcher is a tripwire (exit 99): a result is the node's.
 * Commands without {@code --root} run in-process as before (a node for the default root is none of a test's
 * business).
 */
final class NodeRun {
    static final boolean ENABLED = Boolean.getBoolean("edgefusion.test.throughNode");
    private static final java.util.Set<String> ANSWER_DEPENDS_ON_A_NODE = java.util.Set.of("node", "deploy",
            "deployments", "deployment", "rollback", "undeploy", "breaker", "evidence");
    private static final String FELL_BACK = "edgefusion-test: the client fell back to the launcher\n";
    private static Path bin;

    private NodeRun() {
    }

    /** The command through a node, or empty when it names no root (then it runs in-process). */
    static Optional<CliRun> run(String... args) {
        Optional<Path> root = rootOf(args);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (verbOf(args).equals("node")) {
            return Optional.empty(); // its subject is the node itself (ThroughNodeKernelTest runs it both ways)
        }
        NodeDaemon started = null;
        if (!NodeLock.held(new NodePaths(root.get()))) {
            if (ANSWER_DEPENDS_ON_A_NODE.contains(verbOf(args))) {
                // What these verbs answer is whether a node runs (and what it has done: evidence keys, breakers,
                // revisions); one the harness starts for the command would change the answer, not the path.
                return Optional.empty();
            }
            try {
                started = NodeDaemon.start(NodeOptions.ephemeral(root.get(),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                        NodeSetup.hosting(Main::run));
            } catch (NodeStartException | RuntimeException e) {
                // A root no node can serve (not a directory, say): the client's own fallback case, the JVM CLI.
                return Optional.empty();
            }
        }
        try {
            return Optional.of(client(args));
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    /** The verb: the first word that is not a global option (as the launcher finds it). */
    static String verbOf(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--root")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return "";
    }

    /** The state root as the client finds it: {@code --root DIR} or {@code --root=DIR} before any {@code --}. */
    static Optional<Path> rootOf(String... args) {
        String root = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--root") && i + 1 < args.length) {
                root = args[++i];
            } else if (args[i].startsWith("--root=")) {
                root = args[i].substring("--root=".length());
            }
        }
        return Optional.ofNullable(root).filter(r -> !r.isEmpty())
                .map(r -> Path.of(System.getProperty("user.dir")).resolve(r).toAbsolutePath().normalize());
    }

    private static CliRun client(String... args) {
        Path dir = bin();
        List<String> cmd = new ArrayList<>();
        cmd.add(dir.resolve(HelperResource.CLIENT_NAME).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("EDGEFUSION_LAUNCHER", dir.resolve("tripwire").toString());
        try {
            Process p = pb.start();
            // A test's stdin (System.setIn, e.g. login --password-stdin) is the client's; the real one is surefire's.
            if (System.in instanceof java.io.ByteArrayInputStream given) {
                p.getOutputStream().write(given.readAllBytes());
            }
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> err.complete(readAll(p.getErrorStream())));
            byte[] out = readAll(p.getInputStream());
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("no exit within the deadline: " + cmd);
            }
            return new CliRun(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(cmd + ": " + e, e);
        }
    }

    private static synchronized Path bin() {
        if (bin == null) {
            try {
                Path d = Files.createTempDirectory("edgefusion-test-client-");
                Path client = d.resolve(HelperResource.CLIENT_NAME);
                try (InputStream in = HelperResource.class.getResourceAsStream(HelperResource.CLIENT_NAME)) {
                    Files.write(client, in.readAllBytes());
                }
                Path tripwire = d.resolve("tripwire");
                Files.writeString(tripwire, "#!/bin/sh\nprintf '" + FELL_BACK.strip() + "\\n' >&2\nexit 99\n");
                for (Path p : List.of(client, tripwire)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    for (Path p : List.of(client, tripwire, d)) {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException ignored) {
                            // the JVM is ending
                        }
                    }
                }));
                bin = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bin;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
