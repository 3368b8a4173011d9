package io.edgefusion.node.host;

import io.edgefusion.kernel.net.OwnedFd;
import io.edgefusion.kernel.net.Received;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffered reads of one accepted connection that never lose an fd: every read is a {@code recvmsg} with room for
 * fds, and the fds that arrive are kept (a thin client's stdio) or closed at once (any other peer's).
 */
final class SocketReader {
    /** More than a client hands (3); the kernel closes what does not fit. */
    private static final int MAX_FDS = 8;

    private final OwnedFd conn;
    private final byte[] buf = new byte[16 * 1024];
    private final List<OwnedFd> fds = new ArrayList<>();
    private int pos;
    private int lim;
    private boolean keepFds = true;

    SocketReader(OwnedFd conn) {
        this.conn = conn;
    }

    /** Fills {@code b}; false at a clean end of stream before its first byte, EOFException within it. */
    boolean readFully(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = read(b, off, b.length - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new EOFException("the peer closed after " + off + " of " + b.length + " bytes");
            }
            off += n;
        }
        return true;
    }

    int read(byte[] b, int off, int len) throws IOException {
        if (pos == lim) {
            Received r = conn.recv(buf, 0, buf.length, MAX_FDS);
            for (int fd : r.fds()) {
                OwnedFd owned = new OwnedFd(fd, "fd " + fds.size() + " from the client");
                if (keepFds) {
                    fds.add(owned);
                } else {
                    owned.close();
                }
            }
            if (r.bytes() == 0) {
                return -1;
            }
            pos = 0;
            lim = r.bytes();
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** The fds received so far, now the caller's to close. */
    List<OwnedFd> takeFds() {
        List<OwnedFd> out = List.copyOf(fds);
        fds.clear();
        return out;
    }

    /** From now on fds that arrive are closed at once, and those held are closed now. */
    void refuseFds() {
        keepFds = false;
        takeFds().forEach(OwnedFd::close);
    }

    /** The rest of the connection as a stream (buffered bytes first). */
    InputStream stream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return SocketReader.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                return len == 0 ? 0 : SocketReader.this.read(b, off, len);
            }
        };
    }
}
