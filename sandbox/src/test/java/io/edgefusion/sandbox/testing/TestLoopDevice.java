package io.edgefusion.sandbox.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A loop device the test attaches ({@code losetup --find --show}) on a 1 MiB file it owns, whose first bytes are
 * {@code marker}; {@link #close()} restores the node's mode and detaches it.
 */
public final class TestLoopDevice implements AutoCloseable {
    private final Path file;
    private final String dev;
    private final String originalMode;

    public TestLoopDevice(Path dir, String marker) {
        try {
            file = Files.createTempFile(dir, "edgefusion-test-loop", ".img");
            byte[] img = new byte[1 << 20];
            byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(m, 0, img, 0, m.length);
            Files.write(file, img);
            dev = run("losetup", "--find", "--show", file.toString()).strip();
            originalMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(dev)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String path() {
        return dev;
    }

    public long major() {
        return number("major");
    }

    public long minor() {
        return number("minor");
    }

    private long number(String which) {
        try {
            Map<String, Object> a = Files.readAttributes(Path.of(dev), "unix:rdev");
            long rdev = (long) a.get("rdev");
            return which.equals("major") ? ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L)
                    : (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** World-readable, so a rootless sandbox's root (an unprivileged host uid) passes the node's own mode check. */
    public void makeWorldReadable() throws IOException {
        Files.setPosixFilePermissions(Path.of(dev), PosixFilePermissions.fromString("rw-r--r--"));
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            Files.setPosixFilePermissions(Path.of(dev), PosixFilePermissions.fromString(originalMode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            run("losetup", "-d", dev);
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the state root's teardown removes it
            }
        }
    }
}
