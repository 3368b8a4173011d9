package io.edgefusion.oci.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OCI runtime binary that podman and containerd drive in these tests: {@code -Dedgefusion.oci.runtime=PATH}
 * (or {@code EDGEFUSION_OCI_RUNTIME}), else the repository's own {@code edgefusion-oci} launcher. Pointing it at
 * {@code /usr/bin/runc} proves the harness itself.
 */
public final class RuntimeUnderTest {
    public static final String PROPERTY = "edgefusion.oci.runtime";
    public static final String ENV = "EDGEFUSION_OCI_RUNTIME";

    private RuntimeUnderTest() {
    }

    /** The runtime's absolute path; fails when it is not an executable file. */
    public static Path path() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        Path p;
        if (configured != null && !configured.isBlank()) {
            p = Path.of(configured).toAbsolutePath();
        } else {
            // Surefire runs in the module directory; the launcher sits in the repository root above it.
            p = Path.of("").toAbsolutePath().getParent().resolve("edgefusion-oci");
        }
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new AssertionError("OCI runtime under test " + p + " is not an executable file (set -D"
                    + PROPERTY + "=PATH or " + ENV + "=PATH, e.g. /usr/bin/runc)");
        }
        return p;
    }
}
