package io.edgefusion.image.store;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.MediaTypes;
import io.edgefusion.image.store.LayerStore.Ensured;
import io.edgefusion.image.store.LayerStore.Job;
import io.edgefusion.image.store.LayerStore.Listener;
import io.edgefusion.image.unpack.ExpansionGuard;
import io.edgefusion.image.unpack.ImplicitDirs;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The missing layers of one stack, unpacked in parallel into {@code tmp/} (one thread per core: in overlay form
 * each layer is its own directory), then completed bottom first — implied directories take their metadata from
 * the layers below — made durable with one {@code syncfs} and published each by one rename. On any failure every
 * work directory is removed and the first error (lowest layer) is thrown.
 */
final class LayerBatch {
    private static final System.Logger LOG = System.getLogger(LayerBatch.class.getName());

    private final StoreLayout layout;
    private final BlobStore blobs;
    private final LayerStore layers;

    LayerBatch(StoreLayout layout, BlobStore blobs, LayerStore layers) {
        this.layout = layout;
        this.blobs = blobs;
        this.layers = layers;
    }

    /** A layer unpacked into tmp/, not yet published. */
    private record Work(Path dir, LayerUnpacker.Result result) {
    }

    void run(List<Job> jobs, List<Digest> chains, Digest parentChain, List<Integer> missing,
                           UnpackOptions options, LayerUnpacker.Progress progress, Listener listener, Ensured[] out) {
        int threads = Math.min(missing.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Path> dirs = new ArrayList<>();
        List<java.util.concurrent.Future<Work>> futures = new ArrayList<>();
        boolean published = false;
        java.util.concurrent.atomic.AtomicLong imageBytes = new java.util.concurrent.atomic.AtomicLong();
        // blobs this batch stored; a failed batch removes them (no image refers to them; the store lock is held)
        List<Digest> stored = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("edgefusion-unpack-", 0).daemon(true).factory());
        try {
            for (int i : missing) {
                Path work = layout.tmp().resolve("unpack-" + UUID.randomUUID());
                dirs.add(work);
                Job j = jobs.get(i);
                // the pool's threads log where the command's caller reads (LogTarget)
                futures.add(pool.submit(io.edgefusion.kernel.log.LogTarget.carried(() -> {
                    listener.started(i, j.blob());
                    long t0 = System.nanoTime();
                    Work w = new Work(work, unpackInto(work, j, options, progress, imageBytes, stored,
                            read -> listener.read(i, j.blob(), read)));
                    listener.finished(i, j.blob(), true, System.nanoTime() - t0);
                    return w;
                })));
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
                } catch (java.util.concurrent.CancellationException e) {
                    // cancelled after an earlier layer failed: that first error is the one reported
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
                new ArrayList<>(stored).forEach(blobs::delete);
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
                for (Digest c = parentChain; c != null; c = layers.require(c).parentChain()) {
                    stack.add(c);
                }
                List<Integer> lowers = new ArrayList<>();
                for (Digest c : stack) {
                    Path fs = pending.containsKey(c) ? pending.get(c) : layers.require(c).fs();
                    int fd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, fs.toString(),
                            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
                    fds.add(fd);
                    lowers.add(fd);
                }
                int fsFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, w.dir().resolve("fs").toString());
                fds.add(fsFd);
                ImplicitDirs.fix(fsFd, w.result().implicitDirs(), lowers);
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

    /** Unpacks one layer into {@code work/fs}, storing its blob on the way; checks blob and diff id. */
    private LayerUnpacker.Result unpackInto(Path work, Job job, UnpackOptions options, LayerUnpacker.Progress progress,
                                            java.util.concurrent.atomic.AtomicLong imageBytes, List<Digest> stored,
                                            java.util.function.LongConsumer blobRead) {
        Descriptor blob = job.blob();
        MediaTypes.Compression compression = MediaTypes.layerCompression(blob.mediaType());
        String what = "layer " + blob.digest().shortHex();
        if (blob.size() == 0) {
            throw new LayerRejected(what + ": empty blob (a layer is a tar archive, which is never 0 bytes)");
        }
        int fsFd = -1;
        try {
            Files.createDirectories(work.resolve("fs"));
            fsFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, work.resolve("fs").toString());
            // Opened before asking whether the store has the blob: a pull's source opens once its download is
            // stored, and then the blob must not be written (and hashed) a second time.
            InputStream source = job.source().open();
            boolean selfStoring = job.source() instanceof LayerStore.StoringSource;
            LayerUnpacker.Result result;
            try (InputStream raw = selfStoring ? source
                    : BlobStore.verifying(source, blob.digest(), blob.size(), what + " blob");
                 BlobStore.Writer writer = selfStoring || blobs.has(blob.digest()) ? null : blobs.writer()) {
                InputStream teed = writer == null ? raw : new Tee(raw, writer);
                ExpansionGuard.Counter compressed = new ExpansionGuard.Counter(teed, blobRead);
                InputStream tar = new ExpansionGuard(compression == MediaTypes.Compression.GZIP
                        ? gunzip(compressed, what) : compressed, compressed, imageBytes, options, what);
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
                    stored.add(blob.digest());
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
            if (digest != unpackError) { // a failing source fails every read the same way
                digest.addSuppressed(unpackError);
            }
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
