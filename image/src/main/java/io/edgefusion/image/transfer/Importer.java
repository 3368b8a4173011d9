package io.edgefusion.image.transfer;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageConfig;
import io.edgefusion.image.oci.ImageRef;
import io.edgefusion.image.store.FileLock;
import io.edgefusion.image.store.ImageStore;
import io.edgefusion.image.store.LayerStore;
import io.edgefusion.image.store.StoredImage;
import io.edgefusion.image.store.Trees;
import io.edgefusion.image.unpack.LayerUnpacker;
import io.edgefusion.image.unpack.UnpackOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code image import}: reads one image from an OCI layout directory, an OCI archive or a docker-save archive;
 * for each layer, bottom first, stores the blob and unpacks it (or reuses both when the chain id is already in
 * the store); then stores config and manifest and tags the image. The tag is written last, so an interrupted
 * import leaves no visible image — only temp files that the next {@code prune} removes.
 */
public final class Importer {
    private final ImageStore store;
    private final UnpackOptions options;
    private final ImportListener listener;

    /** What an import did. */
    public record Result(StoredImage image, int unpacked, int reused, long millis) {
    }

    public Importer(ImageStore store, UnpackOptions options, ImportListener listener) {
        this.store = store;
        this.options = options;
        this.listener = listener;
    }

    /** Imports {@code source}; {@code name} (may be null) overrides the name the source suggests. */
    public Result run(ImportSource source, ImageRef name) {
        long t0 = System.nanoTime();
        try (FileLock ignored = store.writing()) {
            return switch (source) {
                case ImportSource.LayoutDir l -> {
                    try (LayoutFiles files = LayoutFiles.open(l.dir())) {
                        SourceImage im = new OciLayoutReader(d -> files.blob(d.digest().hex()), l.dir().toString())
                                .read(files.document(LayoutFiles.INDEX), l.tag());
                        yield store(im, name, l.dir(), l.tag(), t0);
                    }
                }
                case ImportSource.ArchiveFile a -> fromArchive(a, name, t0);
            };
        }
    }

    /**
     * Stores an image read from elsewhere (a registry pull) through the same path as an import; {@code name}
     * must be given. Takes the store lock shared (a caller may already hold it: flock locks nest).
     */
    public Result run(SourceImage image, ImageRef name) {
        long t0 = System.nanoTime();
        try (FileLock ignored = store.writing()) {
            return store(image, name, null, null, t0);
        }
    }

    private Result fromArchive(ImportSource.ArchiveFile a, ImageRef name, long t0) {
        Path stage = store.layout().tmp().resolve("stage-" + UUID.randomUUID());
        try {
            Files.createDirectory(stage);
            Map<String, ArchiveStager.Staged> staged;
            try {
                staged = ArchiveStager.stage(a.file(), stage, options);
            } catch (ArchiveStager.NotAnImageArchive rootfs) {
                staged = Map.of();
            }
            SourceImage im;
            if (staged.containsKey("index.json") && staged.containsKey("oci-layout")) {
                Map<Digest, ArchiveStager.Staged> blobs = new java.util.HashMap<>();
                staged.forEach((k, v) -> {
                    if (k.startsWith("blobs/sha256/")) {
                        blobs.put(v.digest(), v);
                    }
                });
                im = new OciLayoutReader(d -> {
                    ArchiveStager.Staged s = blobs.get(d.digest());
                    if (s == null) {
                        throw new ImageException(a.file() + ": blob " + d.digest() + " is missing");
                    }
                    return Files.newInputStream(s.file());
                }, a.file().toString()).read(Files.readAllBytes(staged.get("index.json").file()), a.tag());
            } else if (staged.containsKey("manifest.json")) {
                im = DockerArchiveReader.read(staged, a.tag(), a.file().toString());
            } else {
                // neither an OCI archive (oci-layout, index.json) nor docker save (manifest.json): docker import's case
                listener.note(a.file() + ": not an image archive; importing it as a root file system (one layer)");
                im = RootfsTarReader.read(a.file(), options);
            }
            return store(im, name, a.file(), a.tag(), t0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Trees.removeAll(stage);
        }
    }

    /**
     * The name: the one given, else the one the source carries, else SRC's base name with the tag asked for or,
     * failing that, the tag the source's ref name gives — the same for a layout directory and its archive.
     */
    private Result store(SourceImage im, ImageRef override, Path source, String tag, long t0) {
        String fallback = source == null ? null : defaultName(source, tag != null ? tag : im.sourceTag());
        ImageRef ref = override != null ? override
                : im.suggestedName() != null ? ImageRef.parse(im.suggestedName())
                : fallback != null ? ImageRef.parse(fallback) : null;
        if (ref == null) {
            throw new ImageException("the source does not name the image; give NAME:TAG");
        }
        Descriptor configDesc = im.manifest().config();
        if (!Digest.of(im.config()).equals(configDesc.digest())) {
            throw new ImageException("config " + configDesc.digest() + ": digest mismatch");
        }
        ImageConfig config = ImageConfig.parse(im.config(), "config of " + ref);
        List<Digest> diffIds = config.diffIds();
        List<Descriptor> layers = im.manifest().layers();
        if (diffIds.size() != layers.size()) {
            throw new ImageException(ref + ": config lists " + diffIds.size() + " diff_ids, manifest " + layers.size()
                    + " layers");
        }
        List<LayerStore.Job> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor blob = layers.get(i);
            LayerStore.BlobSource open = im.blobs().verifiesAndStores()
                    ? (LayerStore.StoringSource) () -> im.blobs().open(blob) : () -> im.blobs().open(blob);
            jobs.add(new LayerStore.Job(diffIds.get(i), blob, open));
        }
        int count = layers.size();
        List<LayerStore.Ensured> done = store.layers().ensureAll(null, jobs, options, LayerUnpacker.Progress.NONE,
                new LayerStore.Listener() {
                    @Override
                    public void started(int index, Descriptor blob) {
                        listener.layerStarted(index, count, blob);
                    }

                    @Override
                    public void finished(int index, Descriptor blob, boolean unpacked, long nanos) {
                        listener.layerDone(index, count, blob, unpacked, nanos);
                    }

                    @Override
                    public void read(int index, Descriptor blob, long read) {
                        listener.read(index, count, blob, Math.min(read, blob.size()));
                    }
                });
        int unpacked = (int) done.stream().filter(LayerStore.Ensured::unpacked).count();
        store.blobs().put(im.config());
        StoredImage stored = store.publishManifest(ref, im.manifestBytes());
        return new Result(stored, unpacked, layers.size() - unpacked, (System.nanoTime() - t0) / 1_000_000);
    }

    /** {@code basename:tag} lowercased, when it makes a valid name. */
    private static String defaultName(Path p, String tag) {
        String base = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("\\.(tar|tgz|tar\\.gz)$", "").replaceAll("[^a-z0-9._-]", "-");
        try {
            return new ImageRef(base, tag == null ? "latest" : tag).toString();
        } catch (ImageException e) {
            return null;
        }
    }
}
