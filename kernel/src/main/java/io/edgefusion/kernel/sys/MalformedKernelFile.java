package io.edgefusion.kernel.sys;

import java.nio.file.Path;

/**
 * A kernel file that exists but whose content cannot be the value its name promises: empty, garbage, negative,
 * {@code max} where only numbers are legal, or a number that overflows 64 bits. Carries the file and the raw
 * content so the user sees exactly what the kernel (or a fixture) said.
 */
public final class MalformedKernelFile extends KernelException {
    private final Path file;
    private final String content;

    public MalformedKernelFile(Path file, String content, String reason) {
        super(file + ": " + reason + " (content: " + quote(content) + ")");
        this.file = file;
        this.content = content;
    }

    public Path file() {
        return file;
    }

    public String content() {
        return content;
    }

    private static String quote(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return '"' + t.replace("\n", "\\n") + '"';
    }
}
