package io.edgefusion.sandbox.oci.config;

import java.nio.file.Path;

/** A config.json that cannot be read or is not valid: the message is one line naming the file, place and field. */
public final class ConfigException extends RuntimeException {
    private final Path file;

    public ConfigException(Path file, String message) {
        super(message);
        this.file = file;
    }

    public ConfigException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
