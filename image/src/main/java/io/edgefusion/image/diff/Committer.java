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
        try (FileLock ignored = store.writing()) {
            UpperDiff diff = new UpperDiff(upperDir, store.lowerDirs(base));
            var items = diff.items(null);
            LayerPublisher.Published layer = new LayerPublisher(store, options)
                    .publish(base.topChain(), out -> LayerTar.write(items, out), LayerUnpacker.Progress.NONE);
            String created = Instant.now().toString();
            ImageConfig config = base.config().withLayer(layer.diffId(),
                    "edgefusion commit" + (comment == null || comment.isBlank() ? "" : ": " + comment), created);
            List<io.edgefusion.image.oci.Descriptor> layers = new ArrayList<>(base.manifest().layers());
            layers.add(layer.blob());
            return store.publish(ref, config, layers);
        }
    }
}
