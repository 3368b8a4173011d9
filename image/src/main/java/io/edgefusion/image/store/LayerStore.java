package io.edgefusion.image.store;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.ChainId;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.unpack.LayerUnpacker;
import io.edgefusion.image.unpack.UnpackOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Unpacked layers, one directory per chain id, each unpacked once and shared by every image whose stack
 * agrees up to it. An unpack happens in {@code tmp/} under the layer's lock and appears by one rename, so
 * concurrent imports of the same layer produce one unpack and readers never see a half-written layer.
 */
public final class LayerStore {
    private static final int SHORT = 10;

    private final StoreLayout layout;
    private final BlobStore blobs;

    public LayerStore(StoreLayout layout, BlobStore blobs) {
        this.layout = layout;
        this.blobs = blobs;
    }

    /** Opens a layer blob's raw (possibly compressed) bytes. */
    @FunctionalInterface
    public interface BlobSource {
        InputStream open() throws IOException;
    }

    /**
     * A source whose stream checks the blob's size and digest before it reports its end, and has stored the blob
     * by then (a registry download that streams into its unpack): the unpack neither hashes nor stores it again.
     */
    @FunctionalInterface
    public interface StoringSource extends BlobSource {
    }

    /** The layer and whether this call unpacked it (false: it was there already). */
    public record Ensured(LayerRecord layer, boolean unpacked) {
    }

    public Optional<LayerRecord> get(Digest chainId) {
        Path dir = layout.layer(chainId);
        try {
            return Optional.of(LayerRecord.parse(Files.readAllBytes(dir.resolve("layer.json")), dir.resolve("fs")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LayerRecord require(Digest chainId) {
        return get(chainId).orElseThrow(() -> new ImageException("layer " + chainId + " is not unpacked in the store"));
    }

    public List<Digest> list() {
        return layout.digestsIn(layout.layers());
    }

    /** One layer to make sure of: its diff id (from the config), its blob and where to read the blob. */
    public record Job(Digest diffId, Descriptor blob, BlobSource source) {
    }

    /** Hears about layers as they start and finish (possibly from several threads at once). */
    public interface Listener {
        void started(int index, Descriptor blob);

        void finished(int index, Descriptor blob, boolean unpacked, long nanos);

        /** {@code read} bytes of the blob (as stored, so at most its size) have passed, every few MiB. */
        default void read(int index, Descriptor blob, long read) {
        }

        Listener NONE = new Listener() {
            @Override
            public void started(int index, Descriptor blob) {
            }

            @Override
            public void finished(int index, Descriptor blob, boolean unpacked, long nanos) {
            }
        };
    }

    /** {@link #ensureAll} for one layer. */
    public Ensured ensure(Digest parentChain, Digest diffId, Descriptor blob, BlobSource source,
                          UnpackOptions options, LayerUnpacker.Progress progress) {
        return ensureAll(parentChain, List.of(new Job(diffId, blob, source)), options, progress, Listener.NONE).getFirst();
    }

    /**
     * Makes sure each layer of a stack ({@code jobs} bottom first, on top of {@code parentChain}) is unpacked and
     * its blob stored: reuses both when present, otherwise streams the blob once — into the blob store and,
     * decompressed, into the unpacker — checking blob digest, size and diff id before anything becomes visible.
     * <p>
     * Missing layers are unpacked in parallel (one per core): in overlay form every layer is its own directory,
     * so they do not depend on each other, except for the metadata of directories a layer implies without listing
     * them, which is taken from the layers below after all are done. Layers are then published bottom first, each
     * by one rename, under per-layer locks taken in stack order (so concurrent imports cannot deadlock and a
     * layer is never unpacked twice).
     */
    public List<Ensured> ensureAll(Digest parentChain, List<Job> jobs, UnpackOptions options,
                                   LayerUnpacker.Progress progress, Listener listener) {
        int n = jobs.size();
        List<Digest> chains = new ArrayList<>(n);
        Digest parent = parentChain;
        for (Job j : jobs) {
            parent = ChainId.next(parent, j.diffId());
            chains.add(parent);
        }
        Ensured[] out = new Ensured[n];
        List<FileLock> locks = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Job j = jobs.get(i);
                Optional<LayerRecord> have = get(chains.get(i));
                if (have.isPresent() && blobs.has(j.blob().digest())) {
                    listener.started(i, j.blob());
                    out[i] = new Ensured(have.get(), false);
                    listener.finished(i, j.blob(), false, 0);
                    continue;
                }
                locks.add(FileLock.exclusive(layout.locks().resolve("layer-" + chains.get(i).hex() + ".lock")));
                have = get(chains.get(i));
                if (have.isPresent()) {
                    listener.started(i, j.blob());
                    long t0 = System.nanoTime();
                    if (!blobs.has(j.blob().digest())) {
                        storeBlobOnly(j.blob(), j.source());
                    }
                    out[i] = new Ensured(have.get(), false);
                    listener.finished(i, j.blob(), false, System.nanoTime() - t0);
                } else {
                    missing.add(i);
                }
            }
            if (!missing.isEmpty()) {
                new LayerBatch(layout, blobs, this).run(jobs, chains, parentChain, missing, options, progress,
                        listener, out);
            }
            return List.of(out);
        } finally {
            locks.forEach(FileLock::close);
        }
    }

    private void storeBlobOnly(Descriptor blob, BlobSource source) {
        try (InputStream in = BlobStore.verifying(source.open(), blob.digest(), blob.size(), "layer blob " + blob.digest());
             BlobStore.Writer w = blobs.writer()) {
            in.transferTo(w);
            w.commit(blob.digest(), blob.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A short name for the layer's fs directory under {@code l/} (a symlink), so that an overlay option string
     * with hundreds of layers stays within one page. Ten hex digits of the chain id, longer on a collision.
     */
    public String shortLink(Digest chain) {
        String target = "../layers/" + chain.hex() + "/fs";
        for (int len = SHORT; len <= 64; len += 2) {
            Path link = layout.links().resolve(chain.hex().substring(0, len));
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    if (Files.readSymbolicLink(link).toString().equals(target)) {
                        return link.getFileName().toString();
                    }
                    break; // taken by another chain: try a longer prefix
                } catch (NoSuchFileException e) {
                    try {
                        Files.createSymbolicLink(link, Path.of(target));
                        return link.getFileName().toString();
                    } catch (FileAlreadyExistsException raced) {
                        // someone created it: read it again
                    } catch (IOException io) {
                        throw new UncheckedIOException(io);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new ImageException("no free short link for layer " + chain);
    }

    /** Removes a layer (garbage collection): it disappears by one rename, then its files are deleted. */
    void delete(Digest chain) {
        Path trash = layout.tmp().resolve("trash-" + UUID.randomUUID());
        try {
            Files.move(layout.layer(chain), trash, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String target = "../layers/" + chain.hex() + "/fs";
        for (int len = SHORT; len <= 64; len += 2) {
            Path link = layout.links().resolve(chain.hex().substring(0, len));
            try {
                if (Files.readSymbolicLink(link).toString().equals(target)) {
                    Files.delete(link);
                }
            } catch (IOException ignored) {
                // absent or not ours
            }
        }
        Trees.removeAll(trash);
    }

}
