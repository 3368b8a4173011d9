package io.edgefusion.image.overlay;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes how to mount an image as a sandbox root: its layer directories (top first) as read-only lowers and
 * an instance's own upper and work dirs. The legacy {@code mount(2)} data string is limited to one page, which
 * absolute paths of ~100 bytes each exhaust at about 40 layers; past that the spec switches to the store's short
 * links ({@code image/l/SHORT}, 11 bytes a layer) relative to a directory to chdir into — enough for overlay's
 * own limit of 500 layers.
 * <p>
 * {@code redirect_dir=off,metacopy=off}: renames of lower directories then copy up whole and every changed file
 * is complete in the upper dir, which is what a diff or commit of the upper dir needs (Linux 4.19+).
 */
public final class OverlaySnapshots {
    /** Bytes the data string may use: one 4 KiB page, less the terminating NUL and the kernel's own margin. */
    public static final int OPTION_LIMIT = 4094;
    static final String FEATURES = ",redirect_dir=off,metacopy=off";

    private final ImageStore store;

    public OverlaySnapshots(ImageStore store) {
        this.store = store;
    }

    /** The image's layer directories, top layer first; an image without layers gets one empty directory. */
    public List<Path> lowerDirs(StoredImage image) {
        return lowerDirs(image.chainIds());
    }

    /** The layer directories of a stack given by chain ids (bottom first, as images list them), top first. */
    public List<Path> lowerDirs(List<Digest> chains) {
        List<Path> dirs = new ArrayList<>();
        for (Digest c : chains.reversed()) {
            dirs.add(store.layers().require(c).fs());
        }
        return dirs.isEmpty() ? List.of(emptyLayer()) : dirs;
    }

    /**
     * The image's layers as the store's short links ({@code image/l/SHORT} → a layer's fs dir), top first: the
     * form to hand a mounter that names lowerdirs relative to their common parent, so even 500 layers fit one
     * option page.
     */
    public List<Path> linkedLowerDirs(StoredImage image) {
        List<Path> dirs = new ArrayList<>();
        for (Digest c : image.chainIds().reversed()) {
            store.layers().require(c);
            dirs.add(store.layout().links().resolve(store.layers().shortLink(c)));
        }
        return dirs.isEmpty() ? List.of(emptyLayer()) : dirs;
    }

    /**
     * The mount for {@code image} with {@code upper} and {@code work} (absolute, on one file system, created by
     * the caller and empty for a fresh instance).
     */
    public OverlayMountSpec mountSpec(StoredImage image, Path upper, Path work) {
        return mountSpec(image.chainIds(), upper, work);
    }

    /** The mount for a layer stack given by chain ids, bottom first (a build's intermediate state). */
    public OverlayMountSpec mountSpec(List<Digest> chainIds, Path upper, Path work) {
        Path u = checked(upper);
        Path w = checked(work);
        List<Path> lowers = lowerDirs(chainIds);
        String tail = ",upperdir=" + u + ",workdir=" + w + FEATURES;
        String absolute = "lowerdir=" + String.join(":", lowers.stream().map(Path::toString).toList()) + tail;
        if (absolute.length() <= OPTION_LIMIT) {
            return new OverlayMountSpec(absolute, Optional.empty(), lowers, u, w);
        }
        List<String> shorts = new ArrayList<>();
        List<Digest> chains = chainIds.reversed();
        for (Digest c : chains) {
            shorts.add(store.layers().shortLink(c));
        }
        String relative = "lowerdir=" + String.join(":", shorts) + tail;
        if (relative.length() > OPTION_LIMIT) {
            throw new ImageException(chains.size() + " layers do not fit in one overlay option"
                    + " page even with short names (" + relative.length() + " bytes)");
        }
        return new OverlayMountSpec(relative, Optional.of(store.layout().links()), lowers, u, w);
    }

    private Path emptyLayer() {
        Path p = store.layout().dir().resolve("empty");
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static Path checked(Path p) {
        Path a = p.toAbsolutePath().normalize();
        String s = a.toString();
        if (s.contains(",") || s.contains(":") || s.contains("\\")) {
            throw new ImageException(s + ": overlay paths may not contain ',', ':' or '\\'");
        }
        return a;
    }
}
