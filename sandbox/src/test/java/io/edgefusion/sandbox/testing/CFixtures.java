package io.edgefusion.sandbox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Attack and probe programs kept as C fixtures under {@code sandbox/src/test/c/NAME.c}, compiled static with the
 * machine's gcc (so they run in any sandbox root) into {@code target/fixtures/NAME}, once per build.
 */
public final class CFixtures {
    private static final Path SOURCES = locate();
    private static final Path OUT = Path.of("target", "fixtures").toAbsolutePath();

    private CFixtures() {
    }

    /** The static binary of fixture {@code name}, compiled if it is missing or older than its source. */
    public static synchronized Path binary(String name) {
        Path src = SOURCES.resolve(name + ".c");
        Path bin = OUT.resolve(name);
        try {
            if (!Files.isRegularFile(src)) {
                throw new IllegalArgumentException("no C fixture " + src);
            }
            if (Files.exists(bin) && Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(src)) >= 0) {
                return bin;
            }
            Files.createDirectories(OUT);
            Process p = new ProcessBuilder("gcc", "-static", "-O1", "-Wall", "-Wextra", "-Werror", "-o",
                    bin.toString(), src.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("gcc " + src + " failed:\n" + log);
            }
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies fixture {@code name} into {@code dir} (e.g. a test rootfs's bin) and returns the copy. */
    public static Path installInto(String name, Path dir) {
        try {
            Files.createDirectories(dir);
            Path to = dir.resolve(name);
            Files.copy(binary(name), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Works from the module directory (Maven) and from the repository root (an IDE). */
    private static Path locate() {
        for (Path p : new Path[]{Path.of("src/test/c"), Path.of("sandbox/src/test/c"),
                Path.of("../sandbox/src/test/c")}) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return Path.of("sandbox/src/test/c").toAbsolutePath();
    }
}
