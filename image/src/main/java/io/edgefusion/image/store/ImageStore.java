package io.edgefusion.image.store;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.oci.Manifest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.oci.OciJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image store under a state dir: tags, blobs, unpacked layers. Writers (import, build, commit) hold the
 * store lock shared for their whole run; garbage collection ({@link Gc}: rm, prune) takes it exclusively, so it
 * never deletes what a running import has written but not yet tagged.
 */
public final class ImageStore {
    private final StoreLayout layout;
    private final BlobStore blobs;
    private final LayerStore layers;
    private final TagIndex tags;

    private ImageStore(StoreLayout layout) {
        this.layout = layout.create();
        this.blobs = new BlobStore(layout);
        this.layers = new LayerStore(layout, blobs);
        this.tags = new TagIndex(layout);
    }

    public static ImageStore open(Path stateRoot) {
        return new ImageStore(new StoreLayout(stateRoot));
    }

    public StoreLayout layout() {
        return layout;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public LayerStore layers() {
        return layers;
    }

    public TagIndex tags() {
        return tags;
    }

    /** The store lock in shared mode, for the duration of an import, build or commit. */
    public FileLock writing() {
        return FileLock.shared(storeLock());
    }

    Path storeLock() {
        return layout.locks().resolve("store.lock");
    }

    public List<StoredImage> list() {
        List<StoredImage> out = new ArrayList<>();
        tags.read().forEach((ref, d) -> out.add(load(ref, d)));
        return out;
    }

    /** Reads a tagged image's manifest and config from verified blobs. */
    public StoredImage load(ImageRef ref, Descriptor manifest) {
        Manifest m = Manifest.parse(blobs.read(manifest.digest(), OciJson.MAX_DOCUMENT), "manifest of " + ref);
        ImageConfig c = ImageConfig.parse(blobs.read(m.config().digest(), OciJson.MAX_DOCUMENT), "config of " + ref);
        return new StoredImage(ref, manifest, m, c);
    }

    /**
     * An image by {@code name[:tag]}, by image ID ({@code sha256:…} or a unique prefix of at least 4 hex digits
     * of the config digest).
     */
    public Optional<StoredImage> find(String nameOrId) {
        Map<ImageRef, Descriptor> all = tags.read();
        String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
        if (hex.length() >= 4 && hex.matches("[0-9a-f]+")) {
            List<StoredImage> hits = new ArrayList<>();
            for (var e : all.entrySet()) {
                StoredImage im = load(e.getKey(), e.getValue());
                if (im.id().hex().startsWith(hex)) {
                    hits.add(im);
                }
            }
            if (hits.stream().map(StoredImage::id).distinct().count() > 1) {
                throw new ImageException("image ID prefix " + nameOrId + " is ambiguous");
            }
            if (!hits.isEmpty()) {
                return Optional.of(hits.getFirst());
            }
        }
        ImageRef ref;
        try {
            ref = ImageRef.parse(nameOrId);
        } catch (ImageException e) {
            return Optional.empty();
        }
        Descriptor d = all.get(ref);
        return d == null ? Optional.empty() : Optional.of(load(ref, d));
    }

    public StoredImage get(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> new ImageException("no such image: " + nameOrId
                + " (see edgefusion image ls)"));
    }

    /**
     * Stores config and manifest for {@code layers} (whose blobs and unpacked dirs must already be in the store)
     * and points {@code ref} at it, replacing an earlier image of that name.
     */
    public StoredImage publish(ImageRef ref, ImageConfig config, List<Descriptor> layerBlobs) {
        if (config.diffIds().size() != layerBlobs.size()) {
            throw new ImageException(ref + ": config lists " + config.diffIds().size() + " diff_ids for "
                    + layerBlobs.size() + " layers");
        }
        byte[] cfg = config.bytes();
        Descriptor cd = new Descriptor(MediaTypes.OCI_CONFIG, blobs.put(cfg), cfg.length);
        return publishManifest(ref, Manifest.ociBytes(cd, layerBlobs));
    }

    /** Stores a manifest (whose config and layers are in the store) and tags it. */
    public StoredImage publishManifest(ImageRef ref, byte[] manifest) {
        Manifest m = Manifest.parse(manifest, "manifest of " + ref);
        Descriptor md = new Descriptor(m.mediaType(), blobs.put(manifest), manifest.length);
        StoredImage image = new StoredImage(ref, md, m,
                ImageConfig.parse(blobs.read(m.config().digest(), OciJson.MAX_DOCUMENT), "config of " + ref));
        for (Digest chain : image.chainIds()) {
            layers.require(chain);
        }
        tags.update(t -> t.put(ref, md));
        return image;
    }

    /** The image's unpacked layer directories, top layer first — the order of overlay's lowerdir option. */
    public List<Path> lowerDirs(StoredImage image) {
        List<Path> out = new ArrayList<>();
        for (Digest chain : image.chainIds().reversed()) {
            out.add(layers.require(chain).fs());
        }
        return out;
    }

    public Gc gc() {
        return new Gc(this);
    }
}
