package io.edgefusion.image.store;

import io.edgefusion.image.oci.ChainId;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.oci.Manifest;

import java.util.List;

/**
 * An image in the store: its tag, manifest, config and the chain ids of its layers, bottom first.
 * {@link #id()} is the config digest (what docker calls the image ID).
 */
public record StoredImage(ImageRef ref, Descriptor manifestDescriptor, Manifest manifest, ImageConfig config) {

    public Digest id() {
        return manifest.config().digest();
    }

    /** Whether {@code arg} names this image by ID ({@code sha256:…} or a hex prefix of at least 4), not by tag. */
    public boolean isNamedById(String arg) {
        String hex = arg.startsWith("sha256:") ? arg.substring(7) : arg;
        return hex.length() >= 4 && hex.matches("[0-9a-f]+") && id().hex().startsWith(hex);
    }

    public List<Digest> chainIds() {
        return ChainId.of(config.diffIds());
    }

    /** The top layer's chain id, or null for an image without layers. */
    public Digest topChain() {
        List<Digest> c = chainIds();
        return c.isEmpty() ? null : c.getLast();
    }

    /** Sum of the layer blob sizes (what a transfer moves). */
    public long blobSize() {
        return manifest.layers().stream().mapToLong(Descriptor::size).sum();
    }
}
