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
     * part after the last colon is the tag.
     */
    static ImportSource parse(String spec) {
        Path whole = Path.of(spec);
        String tag = null;
        Path p = whole;
        if (!Files.exists(whole)) {
            int colon = spec.lastIndexOf(':');
            if (colon > 0 && colon > spec.lastIndexOf('/')) {
                p = Path.of(spec.substring(0, colon));
                tag = spec.substring(colon + 1);
            }
        }
        if (Files.isDirectory(p)) {
            boolean layout;
            try (LayoutFiles files = LayoutFiles.open(p)) {
                layout = files.hasFile(LayoutFiles.OCI_LAYOUT);
            }
            if (!layout) {
                throw new ImageException(p + ": not an OCI image layout (no regular oci-layout file in it)");
            }
            return new LayoutDir(p, tag);
        }
        if (Files.isRegularFile(p)) {
            return new ArchiveFile(p, tag);
        }
        throw new ImageException(spec + ": no such file or directory");
    }
}
