package io.edgefusion.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The CLI as its own process: a launcher script (what ./edgefusion is) running Main in a separate JVM. */
final class CliProcess {
    private CliProcess() {
    }

    /** Writes {@code dir/ef}, which runs {@code edgefusion --root=ROOT ARGS...} style commands: {@code ef run ...}. */
    static Path launcher(Path dir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "#!/bin/sh\nexec '" + java + "' --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1"
                + " -XX:+UseSerialGC -cp '" + System.getProperty("java.class.path") + "' "
                + Main.class.getName() + " \"$@\"\n";
        try {
            Path ef = dir.resolve("ef");
            Files.writeString(ef, script);
            Files.setPosixFilePermissions(ef, PosixFilePermissions.fromString("rwxr-xr-x"));
            return ef;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
