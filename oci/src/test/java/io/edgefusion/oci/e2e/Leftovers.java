package io.edgefusion.oci.e2e;

import io.edgefusion.kernel.proc.MountEntry;
import io.edgefusion.kernel.proc.MountInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a fixture left on the host after its tools were told to clean up: mounts under its directory and
 * processes whose command line names that directory (conmon, containerd shims: they carry our private paths as
 * arguments, which is how we tell them from anyone else's). Cleaning returns what it found, so teardown can fail.
 */
public final class Leftovers {
    private static final Duration EXIT_GRACE = Duration.ofSeconds(15);
    private Leftovers() {
    }

    /** Mount points at or under {@code dir}, deepest first. */
    public static List<String> mountsUnder(Path dir) {
        String prefix = dir.toAbsolutePath().toString();
        return MountInfo.read(MountInfo.SELF).entries().stream().map(MountEntry::mountPoint)
                .filter(mp -> mp.equals(prefix) || mp.startsWith(prefix + "/"))
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Unmounts (lazily, as a last resort) whatever is still mounted under {@code dir}; returns what it found. */
    public static List<String> unmountUnder(Path dir) {
        List<String> found = new ArrayList<>();
        for (String mp : mountsUnder(dir)) {
            found.add("mount " + mp);
            Cmd.run(List.of("umount", "-l", mp), Map.of());
        }
        return found;
    }

    /** Live processes other than this JVM whose command line contains {@code marker}. */
    public static List<ProcessHandle> processesNaming(String marker) {
        List<ProcessHandle> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(marker)) {
                        ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
                    }
                } catch (IOException e) {
                    // The process ended while we looked.
                }
            }
        } catch (IOException e) {
            throw new AssertionError("list /proc: " + e.getMessage());
        }
        return found;
    }

    /**
     * Kills processes naming {@code marker} that do not end by themselves (a shim or conmon still finishing its
     * exit work gets a grace period), waits for them to end, and returns what it had to kill.
     */
    public static List<String> killProcessesNaming(String marker) {
        List<String> found = new ArrayList<>();
        if (Wait.within(EXIT_GRACE, "processes naming " + marker + " to exit", () -> processesNaming(marker)
                .isEmpty())) {
            return found;
        }
        for (ProcessHandle h : processesNaming(marker)) {
            found.add("process " + h.pid() + " " + h.info().commandLine().orElse("?"));
            h.destroyForcibly();
        }
        Wait.until("processes naming " + marker + " to end", () -> processesNaming(marker).isEmpty());
        return found;
    }

    /** Deletes a directory tree we made (files, links, directories; never following a link). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new AssertionError("delete " + dir + ": " + e);
        }
    }
}
