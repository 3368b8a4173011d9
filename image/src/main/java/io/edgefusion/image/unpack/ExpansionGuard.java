package io.edgefusion.image.unpack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a layer's decompressed bytes against the compressed bytes that produced them: beyond
 * {@link UnpackOptions#ratioFreeBytes()} the output may be at most {@link UnpackOptions#maxRatio()} times the
 * input, so a gzip bomb (1000:1 for zeros) is refused after a few MiB instead of at the 64 GiB layer cap. Also
 * adds the output to the import's running total, refused beyond {@link UnpackOptions#maxImageBytes()}.
 */
public final class ExpansionGuard extends FilterInputStream {
    private final Counter compressed;
    private final AtomicLong imageTotal;
    private final UnpackOptions options;
    private final String layer;
    private long out;

    /**
     * @param decompressed the decompressor's output
     * @param compressed   counts what the decompressor pulled from the blob
     * @param imageTotal   shared by every layer of one import
     */
    public ExpansionGuard(InputStream decompressed, Counter compressed, AtomicLong imageTotal, UnpackOptions options,
                          String layer) {
        super(decompressed);
        this.compressed = compressed;
        this.imageTotal = imageTotal;
        this.options = options;
        this.layer = layer;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            out += n;
            long in = Math.max(1, compressed.count());
            if (out > options.ratioFreeBytes() && (double) out / in > options.maxRatio()) {
                throw new LayerRejected(layer + ": expands more than " + options.maxRatio() + ":1 (" + out
                        + " bytes from " + in + " compressed; a decompression bomb?)");
            }
            if (imageTotal.addAndGet(n) > options.maxImageBytes()) {
                throw new LayerRejected(layer + ": the image's layers exceed the " + options.maxImageBytes()
                        + "-byte image limit");
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would bypass the count; read through instead
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    /** Counts the bytes read through it (the compressed side). */
    public static final class Counter extends FilterInputStream {
        private static final long REPORT_EVERY = 8L << 20;
        private final java.util.function.LongConsumer progress;
        private long count;
        private long reported;

        public Counter(InputStream in) {
            this(in, n -> { });
        }

        /** {@code progress} hears the count every 8 MiB. */
        public Counter(InputStream in, java.util.function.LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        private void counted(long n) {
            count += n;
            if (count - reported >= REPORT_EVERY) {
                reported = count;
                progress.accept(count);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            counted(Math.max(s, 0));
            return s;
        }

        public long count() {
            return count;
        }

        @Override
        public boolean markSupported() {
            return false; // a decompressor's mark/reset would count (and digest, below) bytes twice
        }
    }
}
