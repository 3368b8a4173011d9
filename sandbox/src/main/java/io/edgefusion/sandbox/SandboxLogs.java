package io.edgefusion.sandbox;

import io.edgefusion.sandbox.state.StateStore;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Replays a sandbox's log (the reaper's framing, native/PROTOCOL.md: stream byte, 3 zero bytes, u32 length,
 * i64 epoch-ms time, data) to stdout and stderr, older rotated file first; following polls until the exit record
 * exists and the log is drained. {@code --since/--until} select records by their time, {@code --tail} keeps the
 * last lines of what is already there, {@code -t} prefixes each line with its record's time.
 */
final class SandboxLogs {
    private static final int HEADER = 16;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private final StateStore store;

    SandboxLogs(StateStore store) {
        this.store = store;
    }

    /** One record: stream 1 (stdout) or 2 (stderr), epoch-ms time, bytes. */
    private record Chunk(int stream, long time, byte[] data) {
    }

    void copy(String id, LogOptions opt, OutputStream out, OutputStream err) {
        Path dir = store.dir(id);
        Path log = dir.resolve(StateStore.LOG);
        Path rotated = dir.resolve(StateStore.LOG + ".1");
        Printer printer = new Printer(opt, out, err);
        try {
            List<Chunk> backlog = new ArrayList<>();
            if (Files.exists(rotated)) {
                try (InputStream in = Files.newInputStream(rotated)) {
                    drain(new DataInputStream(new java.io.BufferedInputStream(in)), false, dir, backlog::add);
                }
            }
            if (!Files.exists(log)) {
                emit(backlog, opt, printer);
                return;
            }
            try (InputStream in = Files.newInputStream(log)) {
                DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in));
                drain(data, false, dir, backlog::add);
                emit(backlog, opt, printer);
                if (opt.follow()) {
                    drain(data, true, dir, printer::chunk);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + id, e);
        }
    }

    private static void emit(List<Chunk> backlog, LogOptions opt, Printer printer) throws IOException {
        if (opt.tail() < 0) {
            for (Chunk c : backlog) {
                printer.chunk(c);
            }
            return;
        }
        // The last N lines: split records at newlines (a final piece without one counts as a line), keep N.
        Deque<Chunk> lines = new ArrayDeque<>();
        for (Chunk c : backlog) {
            if (!printer.selects(c)) {
                continue;
            }
            int start = 0;
            for (int i = 0; i < c.data.length; i++) {
                if (c.data[i] == '\n') {
                    keep(lines, new Chunk(c.stream, c.time, java.util.Arrays.copyOfRange(c.data, start, i + 1)),
                            opt.tail());
                    start = i + 1;
                }
            }
            if (start < c.data.length) {
                keep(lines, new Chunk(c.stream, c.time, java.util.Arrays.copyOfRange(c.data, start, c.data.length)),
                        opt.tail());
            }
        }
        for (Chunk c : lines) {
            printer.chunk(c);
        }
    }

    private static void keep(Deque<Chunk> lines, Chunk line, int max) {
        lines.addLast(line);
        while (lines.size() > max) {
            lines.removeFirst();
        }
    }

    @FunctionalInterface
    private interface Sink {
        void accept(Chunk c) throws IOException;
    }

    /** Writes selected chunks; with timestamps, each line's start gets its record's time. */
    private static final class Printer {
        private final LogOptions opt;
        private final OutputStream out;
        private final OutputStream err;
        private final boolean[] atLineStart = {true, true, true};

        Printer(LogOptions opt, OutputStream out, OutputStream err) {
            this.opt = opt;
            this.out = out;
            this.err = err;
        }

        boolean selects(Chunk c) {
            return c.time >= opt.since() && c.time < opt.until();
        }

        void chunk(Chunk c) throws IOException {
            if (!selects(c)) {
                return;
            }
            int s = c.stream == 2 ? 2 : 1;
            OutputStream target = s == 2 ? err : out;
            if (!opt.timestamps()) {
                target.write(c.data);
            } else {
                byte[] stamp = (STAMP.format(Instant.ofEpochMilli(c.time)) + " ").getBytes(StandardCharsets.US_ASCII);
                int start = 0;
                for (int i = 0; i < c.data.length; i++) {
                    if (atLineStart[s]) {
                        target.write(stamp);
                        atLineStart[s] = false;
                    }
                    if (c.data[i] == '\n') {
                        target.write(c.data, start, i + 1 - start);
                        start = i + 1;
                        atLineStart[s] = true;
                    }
                }
                target.write(c.data, start, c.data.length - start);
            }
            target.flush();
        }
    }

    private static void drain(DataInputStream in, boolean follow, Path dir, Sink sink) throws IOException {
        byte[] header = new byte[HEADER];
        while (true) {
            in.mark(HEADER);
            int got = readFully(in, header, follow, dir);
            if (got < HEADER) {
                if (got > 0) {
                    in.reset(); // a header being written: following picks it up from its start
                }
                return;
            }
            int len = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            long time = 0;
            for (int i = 8; i < 16; i++) {
                time = (time << 8) | (header[i] & 0xff);
            }
            byte[] data = new byte[len];
            if (readFully(in, data, true, dir) < len) {
                throw new EOFException("log record cut short");
            }
            sink.accept(new Chunk(header[0], time, data));
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
