package io.edgefusion.platform.yaml;

/**
 * One thing wrong with a YAML document, at the place it was found; {@code rule} is the contract rule it breaks
 * ({@code stage.production}, …) or {@code null} for schema mistakes.
 */
public record Problem(SourceMark at, String message, String rule) {
    public Problem(SourceMark at, String message) {
        this(at, message, null);
    }

    /** {@code file:line:col: message}, the line {@code profile validate} prints. */
    @Override
    public String toString() {
        return at + ": " + message;
    }
}
