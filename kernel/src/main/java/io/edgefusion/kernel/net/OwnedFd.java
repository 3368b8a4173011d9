package io.edgefusion.kernel.net;

import io.edgefusion.kernel.sys.ErrnoException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An fd this process owns (one accepted from a socket, or received with SCM_RIGHTS), with reads and writes that
 * are safe on virtual threads ({@link Readiness}) and a close that can never hit a reused number: the fd is
 * closed when the last call in flight on it returns, and calls after {@link #close} fail instead of reaching
 * whatever file got the number next. Waits in flight notice a close within a fraction of a second.
 *
 * <p>Failures of the calls surface as {@link IOException} (an {@link ErrnoException} as the cause), as a
 * {@code PrintStream} expects of its stream: a vanished reader (EPIPE) sets its error flag instead of throwing
 * through a command.
 */
public final class OwnedFd implements AutoCloseable {
    private final int fd;
    private final String what;
    private int users;
    private boolean closing;
    private boolean closed;

    /** Takes ownership of {@code fd}; {@code what} names it in errors ("stdout of pid 42"). */
    public OwnedFd(int fd, String what) {
        this.fd = fd;
        this.what = what;
    }

    /** The number, for handing to another process or a call of its own; valid until {@link #close}. */
    public int number() {
        return fd;
    }

    public String what() {
        return what;
    }

    public synchronized boolean isOpen() {
        return !closing;
    }

    /** Reads up to {@code len} bytes, waiting for data; returns -1 at end of file. */
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        acquire();
        try {
            if (!Readiness.await(fd, NetCalls.POLLIN, this::isClosing)) {
                throw closedError();
            }
            int n = Fds.read(fd, b, off, len);
            return n == 0 ? -1 : n;
        } catch (ErrnoException e) {
            throw new IOException(e.getMessage() + " (" + what + ")", e);
        } finally {
            release();
        }
    }

    /** Writes all {@code len} bytes, waiting for room. */
    public void write(byte[] b, int off, int len) throws IOException {
        acquire();
        try {
            boolean virtual = Thread.currentThread().isVirtual();
            while (len > 0) {
                if (!Readiness.await(fd, NetCalls.POLLOUT, this::isClosing)) {
                    throw closedError();
                }
                // After POLLOUT a pipe takes PIPE_BUF bytes without blocking; more might block the carrier.
                int n = Fds.write(fd, b, off, virtual ? Math.min(len, NetCalls.PIPE_BUF) : len);
                off += n;
                len -= n;
            }
        } catch (ErrnoException e) {
            throw new IOException(e.getMessage() + " (" + what + ")", e);
        } finally {
            release();
        }
    }

    /** {@link UnixSockets#recv} once data is there; {@code bytes == 0} at end of stream. */
    public Received recv(byte[] b, int off, int len, int maxFds) throws IOException {
        acquire();
        try {
            if (!Readiness.await(fd, NetCalls.POLLIN, this::isClosing)) {
                throw closedError();
            }
            return UnixSockets.recv(fd, b, off, len, maxFds);
        } catch (ErrnoException e) {
            throw new IOException(e.getMessage() + " (" + what + ")", e);
        } finally {
            release();
        }
    }

    /** Sends all of {@code len} bytes, {@code fds} attached to the first of them (SCM_RIGHTS). */
    public void send(byte[] b, int off, int len, int... fds) throws IOException {
        acquire();
        try {
            int[] attach = fds;
            while (len > 0 || attach.length > 0) {
                if (!Readiness.await(fd, NetCalls.POLLOUT, this::isClosing)) {
                    throw closedError();
                }
                int n = UnixSockets.send(fd, b, off, len, attach);
                attach = new int[0];
                off += n;
                len -= n;
            }
        } catch (ErrnoException e) {
            throw new IOException(e.getMessage() + " (" + what + ")", e);
        } finally {
            release();
        }
    }

    /** {@code shutdown(2)} of a socket; a no-op once closed. Wakes a peer's and our own readers with end of file. */
    public void shutdown(int how) {
        synchronized (this) {
            if (closing) {
                return;
            }
            users++;
        }
        try {
            UnixSockets.shutdown(fd, how);
        } catch (ErrnoException e) {
            // ENOTCONN: the peer went first; nothing left to shut.
        } finally {
            release();
        }
    }

    /** An InputStream over the fd; closing the stream leaves the fd open (its owner closes it). */
    public InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return OwnedFd.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                return OwnedFd.this.read(b, off, len);
            }
        };
    }

    /** An OutputStream over the fd, unbuffered; closing the stream leaves the fd open. */
    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                OwnedFd.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                OwnedFd.this.write(b, off, len);
            }
        };
    }

    /** Closes the fd now, or when the last call in flight returns. Idempotent. */
    @Override
    public void close() {
        boolean now;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            now = users == 0 && !closed;
            closed |= now;
        }
        if (now) {
            Fds.close(fd);
        }
    }

    private synchronized boolean isClosing() {
        return closing;
    }

    private synchronized void acquire() throws IOException {
        if (closing) {
            throw closedError();
        }
        users++;
    }

    private void release() {
        boolean now;
        synchronized (this) {
            users--;
            now = closing && users == 0 && !closed;
            closed |= now;
        }
        if (now) {
            Fds.close(fd);
        }
    }

    private IOException closedError() {
        return new IOException(what + ": closed");
    }
}
