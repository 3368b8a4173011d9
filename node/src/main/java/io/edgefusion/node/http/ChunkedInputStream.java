package io.edgefusion.node.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an HTTP/1.1 chunked body as its plain bytes: {@link #read(byte[], int, int)} returns what the current
 * chunk holds without waiting for the next, so a reader sees each chunk as it arrives.
 */
public final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    public ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (left == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new IOException("connection closed inside a chunk");
        }
        left -= n;
        if (left == 0) {
            String crlf = HttpWire.readLine(in);
            if (crlf == null || !crlf.isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
        return n;
    }

    /** Reads the next chunk's size line; false at the last (empty) chunk, whose trailers are skipped. */
    private boolean nextChunk() throws IOException {
        String line = HttpWire.readLine(in);
        if (line == null) {
            throw new IOException("connection closed before the last chunk");
        }
        int semi = line.indexOf(';');
        String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
        try {
            left = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size '" + line + "'");
        }
        if (left < 0) {
            throw new IOException("bad chunk size '" + line + "'");
        }
        if (left == 0) {
            String trailer;
            do {
                trailer = HttpWire.readLine(in);
            } while (trailer != null && !trailer.isEmpty());
            done = true;
            return false;
        }
        return true;
    }
}
