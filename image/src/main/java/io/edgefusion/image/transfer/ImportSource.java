package io.edgefusion.image.transfer;

import io.edgefusion.image.ImageException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an import reads from. {@code SRC[:TAG]}: a directory holding an OCI image layout, or a tar file that is
 * an OCI archive ({@code oci-layout} + {@code index.json} + blobs) or a {@code docker save} archive
 * ({@code manifest.json}); TAG picks one image when the source holds several.
 */
public sealed interface ImportSource {
    /** The tag asked for, or null. */
    String tag();

    record LayoutDir(Path dir, String tag) implements ImportSource {
    }

    record ArchiveFile(Path file, String tag) implements ImportSource {
    }

    /**
     * Parses {@code SRC[:TAG]}: a path that exists is taken whole (so paths with colons still work), else the
     * part after the last colon is the tag. A relative SRC is the JVM's working directory's.
     */
    static ImportSource parse(String spec) {
        return parse(spec, null);
    }

    /** As {@link #parse(String)}, a relative SRC resolved against {@code cwd} (the caller's; null: the JVM's). */
    static ImportSource parse(String spec, Path cwd) {
        String given = spec;
        String tag = null;
        Path p = at(cwd, spec);
        if (!Files.exists(p)) {
            int colon = spec.lastIndexOf(':');
            if (colon > 0 && colon > spec.lastIndexOf('/')) {
                given = spec.substring(0, colon);
                p = at(cwd, given);
                tag = spec.substring(colon + 1);
            }
        }
        if (Files.isDirectory(p)) {
            boolean layout;
            try (LayoutFiles files = LayoutFiles.open(p)) {
                layout = files.hasFile(LayoutFiles.OCI_LAYOUT);
            }
            if (!layout) {
                // named as the caller wrote it
                throw new ImageException(Path.of(given) + ": not an OCI image layout (no regular oci-layout file"
                        + " in it)");
            }
            return new LayoutDir(p, tag);
        }
        if (Files.isRegularFile(p)) {
            return new ArchiveFile(p, tag);
        }
        throw new ImageException(spec + ": no such file or directory");
    }

    private static Path at(Path cwd, String path) {
        return cwd == null ? Path.of(path) : cwd.resolve(path);
    }
}
