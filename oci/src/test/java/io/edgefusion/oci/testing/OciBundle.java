package io.edgefusion.oci.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.sandbox.BuiltinRootfs;
import io.edgefusion.sandbox.oci.config.OciConfigs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A bundle a test owns under its {@link OciWorld}: a private copy of the busybox root (containers may write to
 * it) and a config.json from {@code edgefusion-oci spec}'s template, edited by the test.
 */
public final class OciBundle {
    private final Path dir;
    private final ObjectNode config;

    OciBundle(Path dir, Path busybox) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            copyTree(busybox, dir.resolve("rootfs"));
            try (InputStream in = io.edgefusion.oci.cli.OciTemplates.defaultConfig()) {
                config = (ObjectNode) OciConfigs.json().readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("hostname", "oci-test");
        ((ObjectNode) config.get("root")).put("readonly", false);
    }

    public Path dir() {
        return dir;
    }

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    public ObjectNode config() {
        return config;
    }

    public ObjectNode process() {
        return (ObjectNode) config.get("process");
    }

    public ObjectNode linux() {
        return (ObjectNode) config.get("linux");
    }

    /** process.args. */
    public OciBundle args(String... args) {
        ArrayNode a = process().putArray("args");
        for (String s : args) {
            a.add(s);
        }
        return this;
    }

    public OciBundle edit(Consumer<ObjectNode> change) {
        change.accept(config);
        return this;
    }

    /** Writes config.json; returns the bundle directory. */
    public Path write() {
        try {
            Files.writeString(dir.resolve("config.json"), OciConfigs.json().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static Path busybox(Path root) {
        return BuiltinRootfs.resolve("builtin:busybox", root);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Process p = new ProcessBuilder(List.of("cp", "-a", from.toString(), to.toString())).inheritIO().start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("cp -a " + from + " " + to + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
