package io.edgefusion.cli.sandbox;

import io.edgefusion.image.overlay.OverlaySnapshots;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.sandbox.BuiltinRootfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code run ROOTFS} means: {@code builtin:NAME}, a directory, or an image in the store. The CLI composes
 * the two modules here (the sandbox never parses images): an image's layers are handed over as the store's
 * short links, so the sandbox can name even 500 of them within overlay's one-page option limit.
 *
 * @param image the image, when ROOTFS named one
 */
record RootfsResolver(List<Path> layers, Optional<StoredImage> image, Optional<ImageStore> store) {

    /** {@code rootfs} as given by a caller whose working directory is {@code cwd}. */
    static RootfsResolver resolve(String rootfs, Path stateRoot, Path cwd) {
        if (rootfs.startsWith(BuiltinRootfs.PREFIX)) {
            return new RootfsResolver(List.of(BuiltinRootfs.resolve(rootfs, stateRoot)), Optional.empty(),
                    Optional.empty());
        }
        Path dir = cwd.resolve(rootfs).normalize();
        boolean looksLikePath = rootfs.startsWith("/") || rootfs.startsWith(".") || Files.exists(dir);
        if (looksLikePath) {
            return new RootfsResolver(List.of(dir), Optional.empty(), Optional.empty());
        }
        ImageStore store = ImageStore.open(stateRoot);
        Optional<StoredImage> image = store.find(rootfs);
        if (image.isEmpty()) {
            throw new IllegalArgumentException("ROOTFS " + rootfs + ": no such directory, and no image " + rootfs
                    + " in the store (see edgefusion image ls)");
        }
        return new RootfsResolver(new OverlaySnapshots(store).linkedLowerDirs(image.get()), image, Optional.of(store));
    }
}
