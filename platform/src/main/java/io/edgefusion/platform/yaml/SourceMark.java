package io.edgefusion.platform.yaml;

/**
 * A place in a source file, 1-based, printed the way compilers do: {@code file:line:col}. Line 0 is the file as a
 * whole (refused before it was parsed) and prints as just {@code file}.
 */
public record SourceMark(String file, int line, int column) {
    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
