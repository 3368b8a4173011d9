package io.edgefusion.cli;

import io.edgefusion.oci.e2e.Leftovers;
import io.edgefusion.oci.e2e.TestDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * edgefusion-oci as a host with a node runs it, for podman and containerd to drive: a real node on a private
 * root, and {@link #runtime} a wrapper that execs the thin client with {@code oci "$@"}. Two observables say every
 * call went through the node: the client's fallback launcher is a tripwire that records (and fails) any call that
 * did not reach it ({@link #noFallbacks}), and the node, at {@code EDGEFUSION_LOG=debug}, logs each command it
 * served with its exit code ({@link #served}).
 */
final class OciThroughNode implements AutoCloseable {
    private static final int NODE_LOG_DEADLINE_S = 60;

    private final Path root;
    private final Path fallbacks;
    private final RealNode node;
    private final Path runtime;

    private OciThroughNode(Path root, Path fallbacks, RealNode node, Path runtime) {
        this.root = root;
        this.fallbacks = fallbacks;
        this.node = node;
        this.runtime = runtime;
    }

    /**
     * Starts the node; the wrapper passes {@code runtimeFlags} (e.g. {@code --root DIR}) before the caller's
     * arguments. The directory is apart from the caller's: podman's teardown kills every process naming its own.
     */
    static OciThroughNode start(List<String> runtimeFlags) throws IOException {
        Path root = TestDir.create();
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path bin = Files.createDirectory(root.resolve("bin"));
            Path fallbacks = root.resolve("fallbacks");
            Path tripwire = script(bin.resolve("not-through-the-node"), "#!/bin/sh\necho \"$@\" >> '" + fallbacks
                    + "'\necho 'edgefusion-oci: the thin client fell back to the launcher' >&2\nexit 125\n");
            RealNode node = RealNode.start(RealNode.launcher(bin, "ef", List.of()), root,
                    Map.of("EDGEFUSION_LOG", "debug"));
            Path client = ThinClient.of(bin, tripwire, root).binary();
            StringBuilder flags = new StringBuilder();
            runtimeFlags.forEach(f -> flags.append(" '").append(f).append('\''));
            // podman and the shims hand the runtime a stripped environment: the wrapper sets the client's.
            Path runtime = script(bin.resolve("edgefusion-oci"), "#!/bin/sh\nEDGEFUSION_ROOT='" + root
                    + "' EDGEFUSION_LAUNCHER='" + tripwire + "' exec '" + client + "' oci" + flags + " \"$@\"\n");
            return new OciThroughNode(root, fallbacks, node, runtime);
        } catch (IOException | RuntimeException | Error e) {
            Leftovers.deleteTree(root);
            throw e;
        }
    }

    private static Path script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    Path root() {
        return root;
    }

    /** The OCI runtime to hand podman or containerd. */
    Path runtime() {
        return runtime;
    }

    /** Fails naming the calls that did not reach the node since the last check (each charged once). */
    /**
     * Closes the engine that drove the node (podman, containerd), then checks that none of its calls fell back
     * to a cold JVM, then stops the node — whichever of the first two fails.
     */
    static void closeAfter(AutoCloseable engine, OciThroughNode node) throws Exception {
        try {
            if (engine != null) {
                engine.close();
            }
            if (node != null) {
                node.noFallbacks();
            }
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    void noFallbacks() throws IOException {
        if (Files.exists(fallbacks)) {
            String calls = Files.readString(fallbacks);
            Files.delete(fallbacks);
            throw new AssertionError("runtime calls that did not reach the node: " + calls);
        }
    }

    /**
     * Waits (deadline, not a sleep) for the node's line of an {@code oci} command whose argv holds {@code verb}
     * and {@code id}; its exit code.
     */
    int served(String verb, String id) {
        String line = node.awaitErr(l -> {
            List<String> argv = argv(l);
            return argv.size() > 1 && argv.getFirst().equals("oci") && argv.contains(verb) && argv.contains(id);
        }, NODE_LOG_DEADLINE_S);
        return Integer.parseInt(line.substring(line.lastIndexOf(" exit ") + " exit ".length()).strip());
    }

    /** The argv of the node's line {@code client pid N: [a, b, c] exit C}, or empty for any other line. */
    private static List<String> argv(String line) {
        int open = line.indexOf(": [");
        int close = line.lastIndexOf("] exit ");
        if (!line.contains("client pid ") || open < 0 || close < open) {
            return List.of();
        }
        return Arrays.asList(line.substring(open + 3, close).split(", "));
    }

    /** Stops the node (it must have outlived every call) and removes its root. */
    @Override
    public void close() throws Exception {
        try {
            assertThat(node.alive()).as("the node outlived every runtime call: " + node.log()).isTrue();
            node.stop();
        } finally {
            Leftovers.deleteTree(root);
        }
    }
}
