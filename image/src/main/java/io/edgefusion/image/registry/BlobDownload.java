package io.edgefusion.image.registry;

import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.store.BlobStore;
import io.edgefusion.image.store.FileLock;
import io.edgefusion.image.store.StoreLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * One blob from a registry into the store. Bytes go to {@code tmp/pull-<hex>.partial} while being hashed; the
 * blob becomes visible only after its size and sha256 match the descriptor. A broken transfer keeps the partial
 * file: the next attempt (in this pull, or the next pull) re-hashes what it holds and asks for the rest with
 * {@code Range: bytes=N-}. Content that does not hash to the digest is refused and its partial file removed, so
 * the next attempt starts clean. A per-blob lock keeps two pulls from writing the same partial file.
 */
final class BlobDownload {
    private static final int BUFFER = 256 * 1024;
    /** Attempts within one pull: the first and up to two resumes of a broken transfer. */
    static final int ATTEMPTS = 3;

    private final RegistryClient client;
    private final String repo;
    private final StoreLayout layout;
    private final BlobStore blobs;

    BlobDownload(RegistryClient client, String repo, StoreLayout layout, BlobStore blobs) {
        this.client = client;
        this.repo = repo;
        this.layout = layout;
        this.blobs = blobs;
    }

    /** Bytes received over the network for one blob (resumes included; 0 when it was already stored). */
    interface Progress {
        void state(PullListener.LayerState state, long bytes);
    }

    /** Downloads {@code d} unless stored; returns the bytes received. */
    long fetch(Descriptor d, Progress progress) {
        Digest digest = d.digest();
        try (FileLock ignored = FileLock.exclusive(layout.locks().resolve("pull-" + digest.hex() + ".lock"))) {
            if (blobs.has(digest)) {
                progress.state(PullListener.LayerState.ALREADY_EXISTS, d.size());
                return 0;
            }
            Path part = layout.tmp().resolve("pull-" + digest.hex() + ".partial");
            long received = 0;
            RegistryException broken = null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try {
                    received += attempt(d, part, progress);
                    blobs.adopt(part, digest);
                    progress.state(PullListener.LayerState.VERIFIED, d.size());
                    return received;
                } catch (Broken b) {
                    received += b.received;
                    broken = new RegistryException(client.registry(), "blob " + digest.shortHex() + ": transfer broken"
                            + " at " + b.at + " of " + d.size() + " bytes (" + b.getMessage() + "); the verified part"
                            + " is kept: pull again to resume", b.getCause());
                }
            }
            progress.state(PullListener.LayerState.FAILED, 0);
            throw broken;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A layer blob as a stream for its unpack (see {@link StreamingBlob}): verified and stored when the stream
     * reports its end. A blob already stored is read back and verified.
     */
    InputStream open(Descriptor d, Progress progress, java.util.concurrent.atomic.AtomicLong received)
            throws IOException {
        Digest digest = d.digest();
        if (blobs.has(digest)) {
            progress.state(PullListener.LayerState.ALREADY_EXISTS, d.size());
            return BlobStore.verifying(Files.newInputStream(layout.blob(digest)), digest, d.size(),
                    "stored blob " + digest);
        }
        return new StreamingBlob(client, repo, d, layout.tmp().resolve("pull-" + digest.hex() + ".partial"),
                layout.locks().resolve("pull-" + digest.hex() + ".lock"), blobs, progress, received);
    }

    /** A transfer that ended early: what it received and where the partial file now ends. */
    private static final class Broken extends Exception {
        final long received;
        final long at;

        Broken(String why, long received, long at, Throwable cause) {
            super(why, cause);
            this.received = received;
            this.at = at;
        }
    }

    private long attempt(Descriptor d, Path part, Progress progress) throws IOException, Broken {
        MessageDigest md = Digest.sha256();
        long have = 0;
        if (Files.exists(part)) {
            have = Files.size(part);
            if (have > d.size()) {
                Files.delete(part);
                have = 0;
            } else {
                try (InputStream in = Files.newInputStream(part)) { // the hash of what is kept, to go on from
                    byte[] buf = new byte[BUFFER];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                    }
                }
            }
        }
        if (have == d.size() && have > 0) {
            check(d, part, md); // complete already, only the rename was missing
            return 0;
        }
        RegistryClient.BlobStream s;
        try {
            s = client.blob(repo, d.digest(), have);
        } catch (RegistryException.Unreachable e) {
            throw new Broken(e.getMessage(), 0, have, e);
        }
        if (s.start() == 0 && have > 0) {
            md.reset(); // the registry ignored the Range: start over
            have = 0;
        }
        progress.state(have > 0 ? PullListener.LayerState.RESUMING : PullListener.LayerState.DOWNLOADING, have);
        long count = have;
        long received = 0;
        try (InputStream in = s.body();
             FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(have);
            ch.position(have);
            byte[] buf = new byte[BUFFER];
            long reported = count;
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    ch.force(false);
                    throw new Broken(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), received,
                            count, e);
                }
                if (n < 0) {
                    break;
                }
                if (count + n > d.size()) {
                    ch.close();
                    Files.deleteIfExists(part);
                    throw new RegistryException(client.registry(), "blob " + d.digest().shortHex() + ": more than the "
                            + d.size() + " bytes its descriptor declares; refused");
                }
                md.update(buf, 0, n);
                ch.write(ByteBuffer.wrap(buf, 0, n));
                count += n;
                received += n;
                if (count - reported >= BUFFER || count == d.size()) {
                    progress.state(PullListener.LayerState.DOWNLOADING, count);
                    reported = count;
                }
            }
            ch.force(false);
        }
        if (count < d.size()) {
            throw new Broken("the registry closed the stream early", received, count, null);
        }
        check(d, part, md);
        return received;
    }

    private void check(Descriptor d, Path part, MessageDigest md) throws IOException {
        Digest got = Digest.of(md);
        if (!got.equals(d.digest())) {
            Files.deleteIfExists(part);
            throw new RegistryException(client.registry(), "blob " + d.digest() + ": digest mismatch: content is "
                    + got + "; refused, nothing stored");
        }
    }
}
