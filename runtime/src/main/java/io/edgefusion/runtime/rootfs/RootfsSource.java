package io.edgefusion.runtime.rootfs;

import io.edgefusion.image.overlay.OverlaySnapshots;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.sandbox.BuiltinRootfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code run ROOTFS} (or a workload's {@code image:}/{@code rootfs:}) means: {@code builtin:NAME}, a
 * directory, or an image in the store. The two modules are composed here (the sandbox never parses images): an
 * image's layers are handed over as the store's short links, so the sandbox can name even 500 of them within
 * overlay's one-page option limit.
 *
 * @param source the string as the caller gave it (recorded as the sandbox's image when it named one)
 * @param layers the sandbox's lower directories, top first
 * @param image  the image, when the source named one
 * @param store  the store the image is in, when the source named one
 */
public record RootfsSource(String source, List<Path> layers, Optional<StoredImage> image,
                           Optional<ImageStore> store) {

    public RootfsSource {
        layers = List.copyOf(layers);
    }

    /**
     * Resolves {@code source}: a relative directory is relative to the caller's {@code cwd} (never the JVM's:
     * the node resolves for many callers at once).
     *
     * @throws UnknownSourceException when it is neither a directory nor an image of the store
     */
    public static RootfsSource resolve(String source, Path stateRoot, Path cwd) {
        if (source.startsWith(BuiltinRootfs.PREFIX)) {
            return new RootfsSource(source, List.of(BuiltinRootfs.resolve(source, stateRoot)), Optional.empty(),
                    Optional.empty());
        }
        Path dir = cwd.resolve(source).toAbsolutePath().normalize();
        boolean looksLikePath = source.startsWith("/") || source.startsWith(".") || Files.exists(dir);
        if (looksLikePath) {
            return new RootfsSource(source, List.of(dir), Optional.empty(), Optional.empty());
        }
        ImageStore store = ImageStore.open(stateRoot);
        Optional<StoredImage> image = store.find(source);
        if (image.isEmpty()) {
            throw new UnknownSourceException(source);
        }
        return new RootfsSource(source, new OverlaySnapshots(store).linkedLowerDirs(image.get()), image,
                Optional.of(store));
    }
}
