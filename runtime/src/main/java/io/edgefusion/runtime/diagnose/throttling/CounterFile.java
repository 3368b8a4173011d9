package io.edgefusion.runtime.diagnose.throttling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A cgroup counter file kept open and re-read from offset 0 (kernfs regenerates a seq_file read at position 0),
 * into one reused buffer: no open, path walk or String per sample, which is most of what a 10 ms sampler costs.
 */
final class CounterFile implements AutoCloseable {
    private final Path path;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(4096);

    private CounterFile(Path path, FileChannel ch) {
        this.path = path;
        this.ch = ch;
    }

    /** Empty when the file does not exist. */
    static Optional<CounterFile> open(Path path) {
        try {
            return Optional.of(new CounterFile(path, FileChannel.open(path, StandardOpenOption.READ)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("open " + path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** The current content, or false once the cgroup is gone (ENODEV after rmdir). */
    boolean read() {
        buf.clear();
        try {
            int n;
            long pos = 0;
            while ((n = ch.read(buf, pos)) > 0) {
                pos += n;
                if (!buf.hasRemaining()) {
                    break;
                }
            }
        } catch (IOException e) {
            return false;
        }
        buf.flip();
        return buf.hasRemaining();
    }

    /** The number after {@code key} + a space at a line start; -1 when absent. */
    long value(String key) {
        int lim = buf.limit();
        for (int i = 0; i < lim; ) {
            if (matches(i, key) && i + key.length() < lim && buf.get(i + key.length()) == ' ') {
                return number(i + key.length() + 1);
            }
            while (i < lim && buf.get(i) != '\n') {
                i++;
            }
            i++;
        }
        return -1;
    }

    /** The whole content as one number ({@code cpuacct.usage}). */
    long number() {
        return number(0);
    }

    /** The number after {@code key=} anywhere in the first line ({@code cpu.pressure} "some … total=N"). */
    long field(String key) {
        int lim = buf.limit();
        for (int i = 0; i < lim && buf.get(i) != '\n'; i++) {
            if (matches(i, key)) {
                return number(i + key.length());
            }
        }
        return -1;
    }

    private boolean matches(int at, String key) {
        if (at + key.length() > buf.limit()) {
            return false;
        }
        for (int k = 0; k < key.length(); k++) {
            if (buf.get(at + k) != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private long number(int at) {
        long v = 0;
        int i = at;
        while (i < buf.limit() && buf.get(i) >= '0' && buf.get(i) <= '9') {
            v = v * 10 + (buf.get(i) - '0');
            i++;
        }
        return i == at ? -1 : v;
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }
}
