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
 * fds, and the fds that arrive are kept (a thin client's stdio; then the pipes of a SPAWNED frame) or closed at
 * once (any other peer's).
 *
 * <p>Per frame: a stream socket ends a read after the segment that carried fds, so the fds of one read belong to
 * the frame that holds that read's last byte. Such a read is kept as a {@link Batch} of the stream offsets it
 * covered; the frame claims it ({@link #takeFds(long, int)}) or it is closed once read past
 * ({@link #dropFdsBefore}).
 */
final class SocketReader {
    /** More than a client hands (3); the kernel closes what does not fit. */
    private static final int MAX_FDS = 8;

    private enum Mode { KEEP, BY_FRAME, REFUSE }

    /** The fds of one read, which covered stream offsets {@code start} (inclusive) to {@code end}. */
    private record Batch(long start, long end, List<OwnedFd> fds) {
    }

    private final OwnedFd conn;
    private final byte[] buf = new byte[16 * 1024];
    private final List<OwnedFd> fds = new ArrayList<>();
    private final List<Batch> batches = new ArrayList<>();
    private int pos;
    private int lim;
    /** Stream offset of the byte after the last one received. */
    private long received;
    private Mode mode = Mode.KEEP;

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
            keep(r, received);
            if (r.bytes() == 0) {
                return -1;
            }
            pos = 0;
            lim = r.bytes();
            received += r.bytes();
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private void keep(Received r, long at) {
        List<OwnedFd> got = new ArrayList<>();
        for (int fd : r.fds()) {
            got.add(new OwnedFd(fd, "fd " + got.size() + " from the client at byte " + at));
        }
        if (mode == Mode.KEEP) {
            fds.addAll(got);
        } else if (mode == Mode.BY_FRAME && !got.isEmpty() && r.bytes() > 0) {
            batches.add(new Batch(at, at + r.bytes(), got));
        } else {
            got.forEach(OwnedFd::close);
        }
    }

    /** Stream offset of the next byte {@link #read} gives. */
    long position() {
        return received - (lim - pos);
    }

    /** The fds received so far, now the caller's to close. */
    List<OwnedFd> takeFds() {
        List<OwnedFd> out = List.copyOf(fds);
        fds.clear();
        return out;
    }

    /** From now on fds that arrive are closed at once, and those held are closed now. */
    void refuseFds() {
        mode = Mode.REFUSE;
        takeFds().forEach(OwnedFd::close);
        dropFdsBefore(Long.MAX_VALUE);
    }

    /** From now on fds are kept for the frame they came with ({@link #takeFds(long, int)}); those held are closed. */
    void keepFdsByFrame() {
        mode = Mode.BY_FRAME;
        takeFds().forEach(OwnedFd::close);
    }

    /**
     * The fds that came with the frame of {@code length} bytes at stream offset {@code start} (empty if none), now
     * the caller's to close: those of the read that got the frame's first byte, if that read ended inside it.
     */
    List<OwnedFd> takeFds(long start, int length) {
        for (var it = batches.iterator(); it.hasNext(); ) {
            Batch b = it.next();
            if (b.start() <= start && start < b.end() && b.end() <= start + length) {
                it.remove();
                return b.fds();
            }
        }
        return List.of();
    }

    /** Closes the fds of reads that ended at or before stream offset {@code offset}: no frame claimed them. */
    void dropFdsBefore(long offset) {
        for (var it = batches.iterator(); it.hasNext(); ) {
            Batch b = it.next();
            if (b.end() <= offset) {
                it.remove();
                b.fds().forEach(OwnedFd::close);
            }
        }
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
