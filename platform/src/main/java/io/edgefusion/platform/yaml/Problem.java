package io.edgefusion.platform.yaml;

/** One thing wrong with a YAML document, at the place it was found. */
public record Problem(SourceMark at, String message) {
    /** {@code file:line:col: message}, the line {@code profile validate} prints. */
    @Override
    public String toString() {
        return at + ": " + message;
    }
}
