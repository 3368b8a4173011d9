package io.edgefusion.runtime.rootfs;

/**
 * A ROOTFS that is neither a directory nor an image in the store. An {@link IllegalArgumentException}, as every
 * bad argument of a command is (exit 125 with its one line).
 */
public final class UnknownSourceException extends IllegalArgumentException {
    private final String source;

    public UnknownSourceException(String source) {
        super("ROOTFS " + source + ": no such directory, and no image " + source
                + " in the store (see edgefusion image ls)");
        this.source = source;
    }

    /** The string that named nothing. */
    public String source() {
        return source;
    }
}
