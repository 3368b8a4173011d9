package io.edgefusion.oci.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Errors and warnings: one line on stderr each, and appended to {@code --log} when given — as JSON objects
 * ({@code {"level":"error","msg":"…","time":"…"}}) with {@code --log-format json}, which is what conmon and
 * containerd's shim read back to report a runtime's failure.
 */
final class OciLog {
    private final PrintStream err;
    private final Path file;
    private final boolean json;

    OciLog(PrintStream err, Path file, boolean json) {
        this.err = err;
        this.file = file;
        this.json = json;
    }

    void error(String msg) {
        err.println("edgefusion-oci: " + msg);
        append("error", msg);
    }

    void warn(String msg) {
        err.println("edgefusion-oci: warning: " + msg);
        append("warning", msg);
    }

    private void append(String level, String msg) {
        if (file == null) {
            return;
        }
        String line;
        if (json) {
            var o = io.edgefusion.sandbox.oci.config.OciConfigs.json().createObjectNode().put("level", level)
                    .put("msg", msg).put("time", Instant.now().toString());
            line = o + "\n";
        } else {
            line = Instant.now() + " " + level + ": " + msg + "\n";
        }
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("edgefusion-oci: cannot write the log " + file + ": " + e.getMessage());
        }
    }
}
