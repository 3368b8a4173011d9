package io.edgefusion.oci.e2e;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupMount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code /edgefusion-test-<random>} in every mounted hierarchy, named v1 ones ({@code name=systemd}) included:
 * runc and containerd create their cgroups in each mount they see, not only in the controllers we use.
 */
public final class OwnedCgroup {
    private final String path;
    private final List<Path> roots = new ArrayList<>();

    public OwnedCgroup() {
        this.path = "/edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8);
        for (CgroupMount m : CgroupLayout.discover().mounts()) {
            m.dirOf(path).ifPresent(roots::add);
        }
        if (roots.isEmpty()) {
            throw new AssertionError("no cgroup hierarchy can hold " + path);
        }
    }

    /** The cgroup path as runtimes take it ({@code --cgroup-parent}, {@code --cgroup}). */
    public String path() {
        return path;
    }

    /** Creates {@code path/rel} in every hierarchy and moves {@code pid} (all its threads) into it. */
    public void adopt(String rel, long pid) {
        for (Path root : roots) {
            Path dir = root.resolve(rel);
            try {
                for (Path d : List.of(root, dir)) {
                    Files.createDirectories(d);
                    inheritCpuset(d);
                }
                Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid));
            } catch (IOException e) {
                throw new UncheckedIOException("move pid " + pid + " into " + dir, e);
            }
        }
    }

    /** A new v1 cpuset starts with no CPUs and no memory nodes, and refuses tasks until given its parent's. */
    private static void inheritCpuset(Path dir) throws IOException {
        for (String f : List.of("cpuset.cpus", "cpuset.mems")) {
            Path file = dir.resolve(f);
            if (Files.exists(file) && Files.readString(file).isBlank()) {
                Files.writeString(file, Files.readString(dir.getParent().resolve(f)).strip());
            }
        }
    }

    /** Pids still in the subtree, in any hierarchy. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Path d : dirs()) {
            try {
                for (String line : Files.readAllLines(d.resolve("cgroup.procs"))) {
                    if (!line.isBlank() && !pids.contains(Long.parseLong(line.strip()))) {
                        pids.add(Long.parseLong(line.strip()));
                    }
                }
            } catch (IOException e) {
                // A cgroup removed under us has no processes.
            }
        }
        return pids;
    }

    /**
     * Kills what is left inside (only processes in our own subtree), removes every directory deepest first and
     * says what it had to clean: processes, and cgroups other than the {@code expected} children of the root
     * (a runtime's {@code delete} removes the container's cgroup; conmon's or the daemon's own may stay).
     */
    public List<String> remove(Set<String> expected) {
        List<String> leftovers = new ArrayList<>();
        for (Path d : dirs()) {
            for (Path root : roots) {
                if (d.startsWith(root) && d.getNameCount() == root.getNameCount() + 1
                        && !expected.contains(d.getFileName().toString())) {
                    leftovers.add("cgroup " + d);
                }
            }
        }
        List<Long> pids = pids();
        if (!pids.isEmpty()) {
            leftovers.add("processes " + pids + " still in cgroup " + path);
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Wait.until("processes of " + path + " to end", () -> pids().isEmpty());
        }
        for (Path d : dirs().reversed()) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException e) {
                leftovers.add("rmdir " + d + ": " + e.getMessage());
            }
        }
        return leftovers;
    }

    /** Every directory of the subtree, parents before children. */
    private List<Path> dirs() {
        List<Path> all = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isDirectory).sorted(Comparator.comparingInt(Path::getNameCount)).forEach(all::add);
            } catch (IOException e) {
                throw new UncheckedIOException("walk " + root, e);
            }
        }
        return all;
    }
}
