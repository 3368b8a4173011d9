package io.edgefusion.image.registry;

import io.edgefusion.image.oci.Descriptor;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.store.BlobStore;
import io.edgefusion.image.store.FileLock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A layer blob read straight from the registry by its unpack: every byte is hashed once, appended to the
 * download's partial file (what a later pull resumes from) and handed on, so download, verification and unpack
 * overlap and the blob is never read back from disk. Bytes a broken pull kept are replayed from the partial file
 * first, then the rest is asked for with {@code Range}. Its end is reported only after size and sha256 match the
 * descriptor and the partial file has become the stored blob; a mismatch removes the partial file and fails the
 * read, so the unpack that consumed the bytes is thrown away. A broken transfer is resumed up to
 * {@link BlobDownload#ATTEMPTS} times within the stream; after that the verified part is kept for the next pull.
 */
final class StreamingBlob extends InputStream {
    private static final int BUFFER = 256 * 1024;

    private final RegistryClient client;
    private final String repo;
    private final Descriptor d;
    private final Path part;
    private final BlobStore blobs;
    private final BlobDownload.Progress progress;
    private final AtomicLong receivedTotal;
    private final FileLock lock;
    private final MessageDigest md = Digest.sha256();
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private InputStream replay; // the kept part of an earlier pull, read back first
    private InputStream body;
    private FileChannel ch;
    private long count; // bytes hashed and handed on (all of them in the partial file)
    private long skip; // bytes the registry sends again because it ignored our Range
    private long received;
    private int attempts;
    private boolean done;
    private RuntimeException failed; // sticky: every read after a failure fails the same way

    StreamingBlob(RegistryClient client, String repo, Descriptor d, Path part, Path lockFile, BlobStore blobs,
                  BlobDownload.Progress progress, AtomicLong receivedTotal) throws IOException {
        this.client = client;
        this.repo = repo;
        this.d = d;
        this.part = part;
        this.blobs = blobs;
        this.progress = progress;
        this.receivedTotal = receivedTotal;
        this.lock = FileLock.exclusive(lockFile); // two pulls must not append to one partial file
        try {
            if (Files.exists(part) && Files.size(part) > d.size()) {
                Files.delete(part);
            }
            if (Files.exists(part)) {
                replay = Files.newInputStream(part);
            }
            ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == lim && !fill()) {
            return -1;
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Refills the buffer; false at the verified end. */
    private boolean fill() throws IOException {
        if (failed != null) {
            throw failed;
        }
        try {
            return fillOrThrow();
        } catch (RuntimeException e) {
            failed = e;
            throw e;
        }
    }

    private boolean fillOrThrow() throws IOException {
        pos = 0;
        lim = 0;
        while (true) {
            if (done) {
                return false;
            }
            if (replay != null) {
                int n = replay.read(buf);
                if (n > 0) {
                    md.update(buf, 0, n);
                    count += n;
                    lim = n;
                    return true;
                }
                replay.close();
                replay = null;
            }
            if (count == d.size()) {
                finish();
                return false;
            }
            if (body == null && !connect()) {
                continue;
            }
            int n;
            try {
                n = body.read(buf);
            } catch (IOException e) {
                broken(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
                continue;
            }
            if (n < 0) {
                broken("the registry closed the stream early", null);
                continue;
            }
            int from = 0;
            if (skip > 0) {
                from = (int) Math.min(skip, n);
                skip -= from;
                if (from == n) {
                    continue;
                }
            }
            int got = n - from;
            received += got;
            receivedTotal.addAndGet(got);
            if (count + got > d.size()) {
                refuse("more than the " + d.size() + " bytes its descriptor declares; refused");
            }
            md.update(buf, from, got);
            ByteBuffer bb = ByteBuffer.wrap(buf, from, got);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            count += got;
            progress.state(PullListener.LayerState.DOWNLOADING, count);
            pos = from;
            lim = n;
            return true;
        }
    }

    /** Asks for the bytes from {@code count} on; false when that attempt broke already (and was counted). */
    private boolean connect() throws IOException {
        RegistryClient.BlobStream s;
        try {
            s = client.blob(repo, d.digest(), count);
        } catch (RegistryException.Unreachable e) {
            broken(e.getMessage(), e);
            return false;
        }
        // a registry that ignores Range sends everything again: what we already have is dropped, not re-hashed
        skip = s.start() == 0 ? count : 0;
        ch.truncate(count);
        ch.position(count);
        progress.state(count > 0 ? PullListener.LayerState.RESUMING : PullListener.LayerState.DOWNLOADING, count);
        body = s.body();
        return true;
    }

    /** One attempt broke: the next one resumes at {@code count}, unless all are used up. */
    private void broken(String why, Throwable cause) throws IOException {
        attempts++;
        closeBody();
        ch.force(false);
        if (attempts >= BlobDownload.ATTEMPTS) {
            progress.state(PullListener.LayerState.FAILED, 0);
            throw new RegistryException(client.registry(), "blob " + d.digest().shortHex() + ": transfer broken at "
                    + count + " of " + d.size() + " bytes (" + why + "); the verified part is kept: pull again to"
                    + " resume", cause);
        }
    }

    private void finish() throws IOException {
        Digest got = Digest.of(md);
        if (!got.equals(d.digest())) {
            refuse("digest mismatch: content is " + got + "; refused, nothing stored");
        }
        closeBody();
        ch.close();
        blobs.adopt(part, d.digest()); // fsync, then the rename makes it visible
        done = true;
        progress.state(PullListener.LayerState.VERIFIED, d.size());
        lock.close();
    }

    private void refuse(String why) throws IOException {
        closeBody();
        ch.close();
        Files.deleteIfExists(part); // so the next attempt starts clean
        progress.state(PullListener.LayerState.FAILED, 0);
        throw new RegistryException(client.registry(), "blob " + (why.startsWith("digest") ? d.digest().toString()
                : d.digest().shortHex()) + ": " + why);
    }

    private void closeBody() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
            body = null;
        }
    }

    /** Bytes received over the network (a replayed part not included). */
    long received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        closeBody();
        try {
            if (replay != null) {
                replay.close();
            }
            if (ch.isOpen()) {
                ch.force(false); // what was received stays for a resume
                ch.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.close();
        }
    }
}
