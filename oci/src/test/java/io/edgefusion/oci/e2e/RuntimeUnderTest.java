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

    private static Path built;

    /**
     * This build's edgefusion-oci: a script that runs {@code OciMain} from the test's own class path in a JVM, so
     * the runtime under test is the code just compiled (the repository's launcher would need the CLI jar, which
     * is packaged only after this module's tests).
     */
    static synchronized Path thisBuild() {
        if (built != null) {
            return built;
        }
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "edgefusion-test-oci-runtime-");
            Path script = dir.resolve("edgefusion-oci");
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            Files.writeString(script, "#!/bin/sh\nexec '" + javaBin + "' --enable-native-access=ALL-UNNAMED"
                    + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp '"
                    + System.getProperty("java.class.path") + "' io.edgefusion.oci.OciMain \"$@\"\n");
            Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            // deleteOnExit runs last-registered first: the script, then its directory
            dir.toFile().deleteOnExit();
            script.toFile().deleteOnExit();
            built = script;
            return script;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the runtime script", e);
        }
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
            p = thisBuild();
        }
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new AssertionError("OCI runtime under test " + p + " is not an executable file (set -D"
                    + PROPERTY + "=PATH or " + ENV + "=PATH, e.g. /usr/bin/runc)");
        }
        return p;
    }
}
