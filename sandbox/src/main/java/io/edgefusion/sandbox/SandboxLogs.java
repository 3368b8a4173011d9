package io.edgefusion.sandbox;

import io.edgefusion.sandbox.state.StateStore;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replays a sandbox's log (the reaper's framing, native/PROTOCOL.md: stream byte, 3 zero bytes, u32 length,
 * i64 time, data) to stdout and stderr, older rotated file first; following polls until the exit record exists
 * and the log is drained.
 */
final class SandboxLogs {
    private static final int HEADER = 16;
    private final StateStore store;

    SandboxLogs(StateStore store) {
        this.store = store;
    }

    void copy(String id, boolean follow, OutputStream out, OutputStream err) {
        Path dir = store.dir(id);
        Path log = dir.resolve(StateStore.LOG);
        Path rotated = dir.resolve(StateStore.LOG + ".1");
        try {
            if (Files.exists(rotated)) {
                try (InputStream in = Files.newInputStream(rotated)) {
                    drain(new DataInputStream(in), out, err, false, dir);
                }
            }
            if (!Files.exists(log)) {
                return;
            }
            try (InputStream in = Files.newInputStream(log)) {
                drain(new DataInputStream(in), out, err, follow, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + id, e);
        }
    }

    private static void drain(DataInputStream in, OutputStream out, OutputStream err, boolean follow, Path dir)
            throws IOException {
        byte[] header = new byte[HEADER];
        while (true) {
            int got = readFully(in, header, follow, dir);
            if (got < HEADER) {
                return;
            }
            int len = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            byte[] data = new byte[len];
            if (readFully(in, data, true, dir) < len) {
                throw new EOFException("log record cut short");
            }
            OutputStream target = header[0] == 2 ? err : out;
            target.write(data);
            target.flush();
        }
    }

    /**
     * Reads buf.length bytes; at EOF, keeps waiting while following and the sandbox has not exited. Once the
     * exit record exists, one more read picks up what the reaper wrote just before it (it writes the log first).
     */
    private static int readFully(InputStream in, byte[] buf, boolean follow, Path dir) throws IOException {
        int off = 0;
        boolean exitSeen = false;
        while (off < buf.length) {
            int r = in.read(buf, off, buf.length - off);
            if (r < 0) {
                if (!follow || exitSeen || !Files.exists(dir)) {
                    return off;
                }
                exitSeen = Files.exists(dir.resolve(StateStore.EXIT));
                if (!exitSeen) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return off;
                    }
                }
                continue;
            }
            off += r;
        }
        return off;
    }
}
