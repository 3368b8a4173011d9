package io.edgefusion.image.testing;

import io.edgefusion.image.overlay.HostOverlay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A test's own directory ({@code /tmp/edgefusion-test-<random>}) holding its state dir and scratch trees;
 * {@link #close()} unmounts what the test mounted under it and removes it. JUnit's @TempDir cannot be used for
 * trees holding overlay whiteouts and root-owned read-only dirs mounted over, hence this.
 */
public final class TestDirs implements AutoCloseable {
    private final Path root;
    private final List<Path> mounts = new ArrayList<>();

    public TestDirs() {
        try {
            root = Files.createDirectories(Path.of("/tmp", "edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path root() {
        return root;
    }

    public Path state() {
        return root.resolve("state");
    }

    public Path dir(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Remembers a mount point to unmount in {@link #close()}. */
    public Path mounted(Path target) {
        mounts.add(target);
        return target;
    }

    public void unmount(Path target) {
        HostOverlay.unmount(target, false);
        mounts.remove(target);
    }

    @Override
    public void close() {
        for (Path m : mounts.reversed()) {
            try {
                HostOverlay.unmount(m, true);
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        Cmd.run(null, "rm", "-rf", "--one-file-system", root.toString());
    }
}
