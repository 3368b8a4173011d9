package io.edgefusion.kernel.cgroup;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * One mounted cgroup hierarchy. {@code root} is the cgroup the mount exposes (mountinfo field 4): {@code /} on a
 * host, the container's own cgroup (e.g. {@code /docker/<id>}) when a container runtime bind-mounts its slice
 * without a cgroup namespace.
 *
 * @param unified     true for cgroup2
 * @param controllers v1: the controllers (and {@code name=…}) of the hierarchy; v2: the root's
 *                    {@code cgroup.controllers}
 */
public record CgroupMount(boolean unified, Set<String> controllers, Path mountPoint, String root) {

    public CgroupMount {
        controllers = Set.copyOf(controllers);
    }

    /**
     * The directory of cgroup {@code path} (as {@code /proc/<pid>/cgroup} shows it to us) inside this mount, or
     * empty when it is not visible through this mount:
     * <ul>
     *   <li>{@code /..}-prefixed paths belong to a process outside our cgroup namespace;</li>
     *   <li>a {@code /..}-prefixed root (a mount made before we entered our cgroup namespace, e.g. the host's
     *       /sys/fs/cgroup/memory seen as {@code /../..} after {@code unshare -C}) exposes a cgroup above our
     *       namespace root, and the names between it and our cgroups are hidden: it locates nothing;</li>
     *   <li>with root {@code /} the path is appended to the mount point;</li>
     *   <li>with a container root ({@code /docker/<id>}) the root prefix is stripped;</li>
     *   <li>a path of {@code /} under a non-{@code /} root is a container whose namespace root is the mount's root:
     *       the mount point itself.</li>
     * </ul>
     */
    public Optional<Path> dirOf(String path) {
        if (outsideNamespace(path) || outsideNamespace(root)) {
            return Optional.empty();
        }
        if (root.equals("/")) {
            return Optional.of(resolve(path));
        }
        if (path.equals(root)) {
            return Optional.of(mountPoint);
        }
        if (path.startsWith(root + "/")) {
            return Optional.of(resolve(path.substring(root.length())));
        }
        if (path.equals("/")) {
            return Optional.of(mountPoint);
        }
        return Optional.empty();
    }

    /** {@code dirOf(path).isPresent()} without making the path (layouts ask this of every mount, often). */
    public boolean locates(String path) {
        if (outsideNamespace(path) || outsideNamespace(root)) {
            return false;
        }
        return root.equals("/") || path.equals(root) || path.startsWith(root + "/") || path.equals("/");
    }

    private static boolean outsideNamespace(String cgroupPath) {
        return cgroupPath.equals("/..") || cgroupPath.startsWith("/../");
    }

    private Path resolve(String path) {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        return rel.isEmpty() ? mountPoint : mountPoint.resolve(rel);
    }

    /** The cgroup path (as the kernel names it in our namespace) of a directory under this mount. */
    public String pathOf(Path dir) {
        Path rel = mountPoint.relativize(dir);
        String tail = rel.toString().isEmpty() ? "" : "/" + rel;
        if (root.equals("/")) {
            return tail.isEmpty() ? "/" : tail;
        }
        return root + tail;
    }

    public boolean has(String controller) {
        return controllers.contains(controller);
    }
}
