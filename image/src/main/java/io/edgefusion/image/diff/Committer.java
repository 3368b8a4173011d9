package io.edgefusion.image.diff;

import io.edgefusion.image.layer.LayerPublisher;
import io.edgefusion.image.layer.LayerTar;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.FileLock;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.unpack.LayerUnpacker;
import io.edgefusion.image.unpack.UnpackOptions;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code commit}: turns an instance's upper dir into one new layer on top of its base image (deletions as
 * whiteouts, replaced directories as opaque markers) and tags the result. The layer goes through the same
 * checked unpack as an import, so the committed image's layer dirs are ordinary store layers.
 */
public final class Committer {
    private final ImageStore store;
    private final UnpackOptions options;

    public Committer(ImageStore store, UnpackOptions options) {
        this.store = store;
        this.options = options;
    }

    /** What {@code edgefusion diff} prints for an instance of {@code base} with this upper dir. */
    public List<Change> diff(Path upperDir, StoredImage base) {
        return new UpperDiff(upperDir, store.lowerDirs(base)).changes();
    }

    public StoredImage commit(Path upperDir, StoredImage base, ImageRef ref, String comment) {
        return commit(upperDir, base, ref, comment, null);
    }

    /**
     * Commits with the instance's {@code command} (its full argv; null: keep the base's defaults) recorded as
     * the new image's defaults, as {@code docker commit} keeps the container's command: when the command differs
     * from the base's ENTRYPOINT + CMD, a command that starts with the base's ENTRYPOINT keeps that entrypoint
     * and gets the rest as CMD; any other command becomes the CMD with the entrypoint cleared.
     */
    public StoredImage commit(Path upperDir, StoredImage base, ImageRef ref, String comment, List<String> command) {
        try (FileLock ignored = store.writing()) {
            UpperDiff diff = new UpperDiff(upperDir, store.lowerDirs(base));
            var items = diff.items(null);
            LayerPublisher.Published layer = new LayerPublisher(store, options)
                    .publish(base.topChain(), out -> LayerTar.write(items, out), LayerUnpacker.Progress.NONE);
            String created = Instant.now().toString();
            ImageConfig config = withCommand(base.config(), command).withLayer(layer.diffId(),
                    "edgefusion commit" + (comment == null || comment.isBlank() ? "" : ": " + comment), created);
            List<io.edgefusion.image.oci.Descriptor> layers = new ArrayList<>(base.manifest().layers());
            layers.add(layer.blob());
            return store.publish(ref, config, layers);
        }
    }

    /** {@code config} with {@code command} as its defaults (see {@link #commit(Path, StoredImage, ImageRef, String, List)}). */
    static ImageConfig withCommand(ImageConfig config, List<String> command) {
        if (command == null || command.isEmpty()) {
            return config;
        }
        List<String> entrypoint = config.entrypoint();
        List<String> defaults = new ArrayList<>(entrypoint);
        defaults.addAll(config.cmd());
        if (command.equals(defaults)) {
            return config;
        }
        if (!entrypoint.isEmpty() && command.size() >= entrypoint.size()
                && command.subList(0, entrypoint.size()).equals(entrypoint)) {
            return config.withCmd(List.copyOf(command.subList(entrypoint.size(), command.size())));
        }
        return config.withEntrypoint(List.of()).withCmd(List.copyOf(command));
    }
}
