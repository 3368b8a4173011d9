package io.edgefusion.guardian.evidence;

import java.nio.file.Path;

/**
 * Evidence could not be read or written: a key file that is corrupt or too open, a snapshot that cannot be
 * attached, a bundle that is not one. The message is one line naming the file and the reason.
 */
public final class EvidenceException extends RuntimeException {
    private final transient Path file;

    public EvidenceException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public EvidenceException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    /** The file (or directory) the problem is about. */
    public Path file() {
        return file;
    }
}
