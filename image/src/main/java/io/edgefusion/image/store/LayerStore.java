package io.edgefusion.image.store;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.ChainId;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.unpack.LayerRejected;
import io.edgefusion.image.unpack.LayerUnpacker;
import io.edgefusion.image.unpack.UnpackOptions;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Unpacked layers, one directory per chain id, each unpacked once and shared by every image whose stack
 * agrees up to it. An unpack happens in {@code tmp/} under the layer's lock and appears by one rename, so
 * concurrent imports of the same layer produce one unpack and readers never see a half-written layer.
 */
public final class LayerStore {
    private static final System.Logger LOG = System.getLogger(LayerStore.class.getName());
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
                unpackAll(jobs, chains, parentChain, missing, options, progress, listener, out);
            }
            return List.of(out);
        } finally {
            locks.forEach(FileLock::close);
        }
    }

    /** A layer unpacked into tmp/, not yet published. */
    private record Work(Path dir, LayerUnpacker.Result result) {
    }

    private void unpackAll(List<Job> jobs, List<Digest> chains, Digest parentChain, List<Integer> missing,
                           UnpackOptions options, LayerUnpacker.Progress progress, Listener listener, Ensured[] out) {
        int threads = Math.min(missing.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Path> dirs = new ArrayList<>();
        List<java.util.concurrent.Future<Work>> futures = new ArrayList<>();
        boolean published = false;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("edgefusion-unpack-", 0).daemon(true).factory());
        try {
            for (int i : missing) {
                Path work = layout.tmp().resolve("unpack-" + UUID.randomUUID());
                dirs.add(work);
                Job j = jobs.get(i);
                futures.add(pool.submit(() -> {
                    listener.started(i, j.blob());
                    long t0 = System.nanoTime();
                    Work w = new Work(work, unpackInto(work, j, options, progress));
                    listener.finished(i, j.blob(), true, System.nanoTime() - t0);
                    return w;
                }));
            }
            List<Work> done = new ArrayList<>();
            RuntimeException first = null;
            for (var f : futures) {
                try {
                    done.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r : new UncheckedIOException(
                                new IOException(e.getCause()));
                    }
                    futures.forEach(x -> x.cancel(false));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImageException("interrupted while unpacking layers");
                }
            }
            if (first != null) {
                throw first;
            }
            publish(jobs, chains, parentChain, missing, done, out);
            published = true;
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!published) {
                dirs.forEach(Trees::removeAll);
            } else {
                dirs.forEach(d -> {
                    if (Files.exists(d)) {
                        Trees.removeAll(d);
                    }
                });
            }
        }
    }

    /** Fixes implicit directories from the layers below, makes everything durable, renames bottom first. */
    private void publish(List<Job> jobs, List<Digest> chains, Digest parentChain, List<Integer> missing,
                         List<Work> done, Ensured[] out) {
        List<Integer> fds = new ArrayList<>();
        try {
            int layersFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, layout.layers().toString());
            fds.add(layersFd);
            int tmpFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, layout.tmp().toString());
            fds.add(tmpFd);
            Map<Digest, Path> pending = new HashMap<>();
            for (int k = 0; k < missing.size(); k++) {
                pending.put(chains.get(missing.get(k)), done.get(k).dir().resolve("fs"));
            }
            for (int k = 0; k < missing.size(); k++) {
                int i = missing.get(k);
                Work w = done.get(k);
                Digest below = i == 0 ? parentChain : chains.get(i - 1);
                List<Digest> stack = new ArrayList<>(); // the layers below i, top first
                for (int b = i - 1; b >= 0; b--) {
                    stack.add(chains.get(b));
                }
                for (Digest c = parentChain; c != null; c = require(c).parentChain()) {
                    stack.add(c);
                }
                List<Integer> lowers = new ArrayList<>();
                for (Digest c : stack) {
                    Path fs = pending.containsKey(c) ? pending.get(c) : require(c).fs();
                    int fd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, fs.toString(),
                            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
                    fds.add(fd);
                    lowers.add(fd);
                }
                int fsFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, w.dir().resolve("fs").toString());
                fds.add(fsFd);
                LayerUnpacker.fixImplicitDirs(fsFd, w.result().implicitDirs(), lowers);
                Job j = jobs.get(i);
                LayerRecord rec = new LayerRecord(chains.get(i), j.diffId(), below, j.blob(), w.result().fileBytes(),
                        w.result().entries(), layout.layer(chains.get(i)).resolve("fs"));
                Files.write(w.dir().resolve("layer.json"), rec.toJson());
                out[i] = new Ensured(rec, true);
            }
            FileSyscalls.syncfs(layersFd); // every file of every layer durable before a rename publishes it
            for (int k = 0; k < missing.size(); k++) {
                FileSyscalls.renameat(tmpFd, done.get(k).dir().getFileName().toString(), layersFd,
                        chains.get(missing.get(k)).hex(), FileSyscalls.RENAME_NOREPLACE);
            }
            FileSyscalls.fsync(layersFd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            fds.forEach(FileSyscalls::close);
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

    /** Unpacks one layer into {@code work/fs}, storing its blob on the way; checks blob and diff id. */
    private LayerUnpacker.Result unpackInto(Path work, Job job, UnpackOptions options, LayerUnpacker.Progress progress) {
        Descriptor blob = job.blob();
        MediaTypes.Compression compression = MediaTypes.layerCompression(blob.mediaType());
        String what = "layer " + blob.digest().shortHex();
        int fsFd = -1;
        try {
            Files.createDirectories(work.resolve("fs"));
            fsFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, work.resolve("fs").toString());
            boolean storeBlob = !blobs.has(blob.digest());
            LayerUnpacker.Result result;
            try (BlobStore.Writer writer = storeBlob ? blobs.writer() : null;
                 InputStream raw = BlobStore.verifying(job.source().open(), blob.digest(), blob.size(), what + " blob")) {
                InputStream teed = writer == null ? raw : new Tee(raw, writer);
                InputStream tar = compression == MediaTypes.Compression.GZIP ? gunzip(teed, what) : teed;
                try {
                    result = new LayerUnpacker(options).unpack(tar, fsFd, what, progress);
                } catch (ImageException bad) {
                    throw blame(raw, bad);
                }
                teed.transferTo(OutputStream.nullOutputStream()); // to the end: verifies blob size and digest
                if (!result.diffId().equals(job.diffId())) {
                    throw new LayerRejected(what + ": diff_id mismatch: the config says " + job.diffId()
                            + ", the uncompressed tar is " + result.diffId());
                }
                if (writer != null) {
                    writer.commit(blob.digest(), blob.size());
                }
            }
            result.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
            return result;
        } catch (IOException e) {
            throw new LayerRejected(what + ": " + e.getMessage(), e);
        } finally {
            FileSyscalls.close(fsFd);
        }
    }

    /**
     * A blob whose bytes were altered usually fails first as corrupt gzip or tar; reading it to its end tells
     * whether the real cause is a digest mismatch, which is the more useful message.
     */
    private static ImageException blame(InputStream raw, ImageException unpackError) {
        try {
            raw.transferTo(OutputStream.nullOutputStream());
        } catch (ImageException digest) {
            digest.addSuppressed(unpackError);
            return digest;
        } catch (IOException | RuntimeException ignored) {
            // the unpack error stands
        }
        return unpackError;
    }

    private static InputStream gunzip(InputStream in, String what) {
        try {
            return new GzipCompressorInputStream(in, true);
        } catch (IOException e) {
            throw new LayerRejected(what + ": not gzip data (" + e.getMessage() + ")", e);
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

    /** Copies bytes read from {@code in} into a blob writer as they pass. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream out;

        Tee(InputStream in, OutputStream out) {
            super(in);
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                out.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                out.write(b, off, n);
            }
            return n;
        }
    }
}
