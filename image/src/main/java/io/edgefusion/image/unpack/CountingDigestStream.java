package io.edgefusion.image.unpack;

import io.edgefusion.image.oci.Digest;

import java.io.IOException;
import java.io.InputStream;

/** Hashes and counts the uncompressed tar; refuses more than the layer limit. */
final class CountingDigestStream extends InputStream {
    private final InputStream in;
    private final java.security.MessageDigest md = Digest.sha256();
    private final long max;
    private final String layer;
    private final LayerUnpacker.Progress progress;
    private long count;
    private long reported;

    CountingDigestStream(InputStream in, long max, String layer, LayerUnpacker.Progress progress) {
        this.in = in;
        this.max = max;
        this.layer = layer;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            md.update(b, off, n);
            count += n;
            if (count > max) {
                throw new LayerRejected(layer + ": uncompressed content exceeds the " + max + "-byte layer limit");
            }
            if (count - reported >= (8 << 20)) {
                reported = count;
                progress.tarBytes(count);
            }
        }
        return n;
    }

    long count() {
        return count;
    }

    Digest digest() {
        return Digest.of(md);
    }
}
