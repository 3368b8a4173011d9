package io.edgefusion.kernel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A loop device a test attaches to a file it owns (for block I/O it can cause and count) and detaches on close.
 * Uses util-linux's {@code losetup}, which finds a free device atomically.
 */
public final class LoopDevice implements AutoCloseable {
    private static final List<String> LOSETUP = List.of("/usr/sbin/losetup", "/sbin/losetup", "/usr/bin/losetup");

    private final Path node;
    private final BlockDevices.Device device;

    private LoopDevice(Path node, BlockDevices.Device device) {
        this.node = node;
        this.device = device;
    }

    /** Attaches a loop device to {@code backing} (which must exist and be at least one sector long). */
    public static LoopDevice attach(Path backing) {
        String out = run(losetup(), "--find", "--show", backing.toString()).strip();
        Path node = Path.of(out);
        return new LoopDevice(node, BlockDevices.of(node.getFileName().toString()));
    }

    /** {@code /dev/loopN}. */
    public Path node() {
        return node;
    }

    public BlockDevices.Device device() {
        return device;
    }

    @Override
    public void close() {
        run(losetup(), "--detach", node.toString());
    }

    private static String losetup() {
        return LOSETUP.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("losetup is missing: apt-get install -y mount"));
    }

    private static String run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
