package io.edgefusion.kernel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Real block devices of this machine, for tests that need a MAJ:MIN the kernel knows. */
public final class BlockDevices {
    public static final Path SYS_BLOCK = Path.of("/sys/block");

    private BlockDevices() {
    }

    /** A device as {@code MAJ:MIN} plus its sysfs name. */
    public record Device(String name, long major, long minor) {
        public String number() {
            return major + ":" + minor;
        }

        /** The device's active I/O scheduler ({@code [bfq]} in queue/scheduler), or "none" without a queue. */
        public String scheduler() {
            Path f = SYS_BLOCK.resolve(name).resolve("queue/scheduler");
            try {
                String s = Files.readString(f);
                int open = s.indexOf('[');
                return open < 0 ? s.strip() : s.substring(open + 1, s.indexOf(']', open));
            } catch (java.nio.file.NoSuchFileException e) {
                return "none";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The first entry of /sys/block, by name, whose {@code dev} file exists (loop devices count). */
    public static Device first() {
        try (Stream<Path> s = Files.list(SYS_BLOCK)) {
            Path dir = s.sorted().filter(p -> Files.exists(p.resolve("dev"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException(SYS_BLOCK + " lists no device with a dev file"));
            return of(dir.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The device named {@code name} in /sys/block. */
    public static Device of(String name) {
        try {
            String[] mm = Files.readString(SYS_BLOCK.resolve(name).resolve("dev")).strip().split(":");
            return new Device(name, Long.parseLong(mm[0]), Long.parseLong(mm[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
