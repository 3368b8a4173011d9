package io.edgefusion.node.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streaming body as HTTP/1.1 chunks: every write is one chunk, flushed to the peer at once, so an event or a
 * log line reaches the client when it happens rather than when a buffer fills. {@link #finish} writes the last
 * chunk; {@link #close} does too but leaves the connection open for the next request.
 */
final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;
    private boolean finished;

    ChunkedOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("stream already finished");
        }
        if (len == 0) {
            return; // a zero-length chunk would end the body
        }
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, off, len);
        out.write(CRLF);
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    void finish() throws IOException {
        if (!finished) {
            finished = true;
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }

    private static final byte[] CRLF = {'\r', '\n'};
}
