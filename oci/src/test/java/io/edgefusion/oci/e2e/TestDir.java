package io.edgefusion.oci.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * A fixture's private directory, {@code /tmp/edgefusion-test-<random>}: short on purpose, since podman refuses
 * a run root over 50 characters and unix socket paths stop at 108.
 */
public final class TestDir {
    private TestDir() {
    }

    public static Path create() {
        Path dir = Path.of("/tmp", "edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("create " + dir, e);
        }
    }
}
