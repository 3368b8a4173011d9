package io.edgefusion.cli.image;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.StoredImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgefusion image tag SRC DST}. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Give an image of the store another name (same manifest, no copy). A name that already"
                + " points at another image is refused unless --force."},
        footer = {"", "Examples:", "  edgefusion image tag demo/app:1.0 127.0.0.1:5000/demo/app:1.0"})
public final class TagCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SRC", description = "Image name[:tag] or ID.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "New NAME[:TAG].")
    String target;

    @Option(names = "--force", description = "Move DST even if it names another image.")
    boolean force;

    @Override
    void run(ImageStore st) {
        StoredImage im = st.get(source);
        ImageRef dst = ImageRef.parse(target);
        st.tags().update(t -> {
            var old = t.get(dst);
            if (old != null && !old.digest().equals(im.manifestDescriptor().digest()) && !force) {
                throw new ImageException("image tag " + dst + ": already names another image (" + old.digest()
                        + "); use --force to move it");
            }
            t.put(dst, im.manifestDescriptor());
        });
        out().println("tagged " + im.ref() + " as " + dst);
    }
}
