package io.edgefusion.image.store;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;

/**
 * Content-addressed blobs. A blob becomes visible only by a rename after its digest and size were checked and
 * its bytes fsynced; every read re-checks the digest at end of stream, so a blob corrupted on disk is reported,
 * not served.
 */
public final class BlobStore {
    private final StoreLayout layout;

    public BlobStore(StoreLayout layout) {
        this.layout = layout;
    }

    public boolean has(Digest d) {
        return Files.isRegularFile(layout.blob(d));
    }

    public long size(Digest d) {
        try {
            return Files.size(layout.blob(d));
        } catch (IOException e) {
            throw new ImageException("blob " + d + " is missing from the store");
        }
    }

    public List<Digest> list() {
        return layout.digestsIn(layout.blobs());
    }

    /** Stores {@code content}; returns its digest. */
    public Digest put(byte[] content) {
        Digest d = Digest.of(content);
        if (has(d) && size(d) == content.length) {
            return d; // content-addressed: already stored (verified again whenever it is read)
        }
        try (Writer w = writer()) {
            w.write(content);
            return w.commit(null, -1);
        }
    }

    /** The whole blob, verified; refuses blobs larger than {@code max} (JSON documents). */
    public byte[] read(Digest d, int max) {
        long size = size(d);
        if (size > max) {
            throw new ImageException("blob " + d + ": " + size + " bytes is larger than any valid document");
        }
        try (InputStream in = open(d)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream over the blob that throws at end of stream if its content does not hash to {@code d}. */
    public InputStream open(Digest d) {
        try {
            return verifying(Files.newInputStream(layout.blob(d)), d, -1, "stored blob " + d);
        } catch (NoSuchFileException e) {
            throw new ImageException("blob " + d + " is missing from the store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Wraps {@code in} so that reaching its end checks the sha256 (and the size when {@code size >= 0}); a
     * mismatch throws {@link ImageException} naming {@code what}. Reading more than {@code size} bytes fails at
     * once, so a lying source cannot stream forever.
     */
    public static InputStream verifying(InputStream in, Digest d, long size, String what) {
        MessageDigest md = Digest.sha256();
        return new FilterInputStream(in) {
            long count;
            boolean checked;

            @Override
            public boolean markSupported() {
                return false; // a reset would feed bytes through the digest and the count twice
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    check();
                    return -1;
                }
                md.update(b, off, n);
                count += n;
                if (size >= 0 && count > size) {
                    throw new ImageException(what + ": more than the " + size + " bytes its descriptor declares");
                }
                return n;
            }

            private void check() {
                if (checked) {
                    return;
                }
                checked = true;
                if (size >= 0 && count != size) {
                    throw new ImageException(what + ": " + count + " bytes, descriptor says " + size + " (truncated)");
                }
                Digest got = Digest.of(md);
                if (!got.equals(d)) {
                    throw new ImageException(what + ": digest mismatch: content is " + got);
                }
            }
        };
    }

    /**
     * Publishes {@code file} (in the store's tmp/) as blob {@code d}: the caller hashed every byte while writing
     * it (a download) and checked the digest, so it is only fsynced and renamed into place.
     */
    public void adopt(Path file, Digest d) {
        try {
            AtomicFiles.fsync(file);
            Path target = layout.blob(d);
            if (Files.exists(target)) {
                Files.delete(file);
            } else {
                AtomicFiles.moveInto(file, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Writer writer() {
        return new Writer(layout);
    }

    /** Removes a blob (garbage collection, and a failed layer batch removing the blobs it stored). */
    public void delete(Digest d) {
        try {
            Files.deleteIfExists(layout.blob(d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A blob being written: bytes go to a temp file while being hashed; {@link #commit} checks digest and size,
     * fsyncs and renames into place. Closing without commit deletes the temp file.
     */
    public static final class Writer extends OutputStream {
        private final StoreLayout layout;
        private final Path tmp;
        private final FileChannel ch;
        private final OutputStream out;
        private final MessageDigest md = Digest.sha256();
        private long count;
        private boolean done;

        Writer(StoreLayout layout) {
            this.layout = layout;
            this.tmp = layout.tmp().resolve("blob-" + UUID.randomUUID());
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out = Channels.newOutputStream(ch);
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            md.update(b, off, len);
            count += len;
        }

        public long count() {
            return count;
        }

        /** Publishes the blob; {@code expected}/{@code size} (null/-1 = any) must match what was written. */
        public Digest commit(Digest expected, long size) {
            Digest got = Digest.of(md);
            if (expected != null && !got.equals(expected)) {
                throw new ImageException("blob " + expected + ": digest mismatch: content is " + got);
            }
            if (size >= 0 && size != count) {
                throw new ImageException("blob " + got + ": " + count + " bytes, descriptor says " + size);
            }
            try {
                ch.force(true);
                ch.close();
                Path target = layout.blob(got);
                if (Files.exists(target)) {
                    Files.delete(tmp); // same content already stored by someone else
                } else {
                    AtomicFiles.moveInto(tmp, target);
                }
                done = true;
                return got;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (!done) {
                try {
                    ch.close();
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // prune removes temp leftovers
                }
            }
        }
    }
}
