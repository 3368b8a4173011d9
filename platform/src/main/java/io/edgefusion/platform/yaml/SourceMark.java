package io.edgefusion.platform.yaml;

/** A place in a source file, 1-based, printed the way compilers do: {@code file:line:col}. */
public record SourceMark(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
