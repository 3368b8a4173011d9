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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

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
        List<Digest> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(layout.layers())) {
            s.forEach(p -> {
                try {
                    out.add(new Digest(p.getFileName().toString()));
                } catch (ImageException ignored) {
                    // not ours
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Makes sure the layer {@code diffId} on top of {@code parentChain} is unpacked and its blob stored: reuses
     * both when present, otherwise streams {@code source} once — into the blob store and, decompressed, into the
     * unpacker — and checks blob digest, blob size and diff id before anything becomes visible.
     */
    public Ensured ensure(Digest parentChain, Digest diffId, Descriptor blob, BlobSource source,
                          UnpackOptions options, LayerUnpacker.Progress progress) {
        Digest chain = ChainId.next(parentChain, diffId);
        Optional<LayerRecord> have = get(chain);
        if (have.isPresent() && blobs.has(blob.digest())) {
            return new Ensured(have.get(), false);
        }
        try (FileLock ignored = FileLock.exclusive(layout.locks().resolve("layer-" + chain.hex() + ".lock"))) {
            have = get(chain);
            if (have.isPresent()) {
                if (!blobs.has(blob.digest())) {
                    storeBlobOnly(blob, source);
                }
                return new Ensured(have.get(), false);
            }
            return new Ensured(unpack(chain, parentChain, diffId, blob, source, options, progress), true);
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

    private LayerRecord unpack(Digest chain, Digest parentChain, Digest diffId, Descriptor blob, BlobSource source,
                               UnpackOptions options, LayerUnpacker.Progress progress) {
        MediaTypes.Compression compression = MediaTypes.layerCompression(blob.mediaType());
        Path work = layout.tmp().resolve("unpack-" + UUID.randomUUID());
        List<Integer> fds = new ArrayList<>();
        boolean published = false;
        String what = "layer " + blob.digest().shortHex();
        try {
            Files.createDirectories(work.resolve("fs"));
            int fsFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, work.resolve("fs").toString());
            fds.add(fsFd);
            List<Integer> lowers = new ArrayList<>();
            for (Digest c = parentChain; c != null; ) {
                LayerRecord r = require(c);
                int fd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, r.fs().toString(),
                        Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
                fds.add(fd);
                lowers.add(fd);
                c = r.parentChain();
            }
            boolean storeBlob = !blobs.has(blob.digest());
            LayerUnpacker.Result result;
            try (BlobStore.Writer writer = storeBlob ? blobs.writer() : null;
                 InputStream raw = BlobStore.verifying(source.open(), blob.digest(), blob.size(), what + " blob")) {
                InputStream teed = writer == null ? raw : new Tee(raw, writer);
                InputStream tar = compression == MediaTypes.Compression.GZIP ? gunzip(teed, what) : teed;
                try {
                    result = new LayerUnpacker(options).unpack(tar, fsFd, lowers, what, progress);
                } catch (ImageException bad) {
                    throw blame(raw, bad);
                }
                teed.transferTo(OutputStream.nullOutputStream()); // to the end: verifies blob size and digest
                if (!result.diffId().equals(diffId)) {
                    throw new LayerRejected(what + ": diff_id mismatch: the config says " + diffId
                            + ", the uncompressed tar is " + result.diffId());
                }
                if (writer != null) {
                    writer.commit(blob.digest(), blob.size());
                }
            }
            result.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
            LayerRecord rec = new LayerRecord(chain, diffId, parentChain, blob, result.fileBytes(), result.entries(),
                    layout.layer(chain).resolve("fs"));
            Files.write(work.resolve("layer.json"), rec.toJson());
            FileSyscalls.syncfs(fsFd); // every file of the layer durable before the rename publishes it
            int layersFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, layout.layers().toString());
            fds.add(layersFd);
            int tmpFd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, layout.tmp().toString());
            fds.add(tmpFd);
            FileSyscalls.renameat(tmpFd, work.getFileName().toString(), layersFd, chain.hex(),
                    FileSyscalls.RENAME_NOREPLACE);
            FileSyscalls.fsync(layersFd);
            published = true;
            return rec;
        } catch (IOException e) {
            throw new LayerRejected(what + ": " + e.getMessage(), e);
        } finally {
            fds.forEach(FileSyscalls::close);
            if (!published) {
                Trees.removeAll(work);
            }
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
