package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupMount;
import io.edgefusion.kernel.cgroup.CgroupVersion;
import io.edgefusion.sandbox.launch.ProtocolWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.edgefusion.sandbox.oci.plan.MountOptions.MS_BIND;
import static io.edgefusion.sandbox.oci.plan.MountOptions.MS_NODEV;
import static io.edgefusion.sandbox.oci.plan.MountOptions.MS_NOEXEC;
import static io.edgefusion.sandbox.oci.plan.MountOptions.MS_NOSUID;
import static io.edgefusion.sandbox.oci.plan.MountOptions.MS_RDONLY;

/** A {@code cgroup} entry of {@code mounts}: the container's cgroup hierarchies at /sys/fs/cgroup. */
final class CgroupFs {
    static final String CGROUP_FS = "/sys/fs/cgroup";

    private CgroupFs() {
    }

    /**
     * The sandbox's own cgroups at /sys/fs/cgroup, as runc mounts them: in its cgroup namespace (so each
     * hierarchy's root is the sandbox's cgroup), read-only, under the host's names — a tmpfs holding one mount
     * per v1 hierarchy, the host's symlinks (cpu -> cpu,cpuacct) and cgroup2 at its hybrid place; on a pure v2
     * host cgroup2 at /sys/fs/cgroup itself. Without a cgroup namespace each hierarchy is instead the sandbox's
     * own directory of it, bound ({@link CgroupSource#BIND}), so the sandbox still sees only its cgroup.
     */
    static void write(ProtocolWriter w, CgroupLayout cgroups, String cgroupPath, CgroupSource source,
                                boolean writable) {
        long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | (writable ? 0 : MS_RDONLY);
        if (cgroups.version() instanceof CgroupVersion.V2) {
            cgroupMount(w, source, cgroups.unifiedMount().orElseThrow(), CGROUP_FS, flags, cgroupPath);
            return;
        }
        Path host = cgroups.fsRoot().resolve(CGROUP_FS.substring(1));
        w.line("mount", "tmpfs", CGROUP_FS, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755,size=64k", "dir");
        Set<String> done = new HashSet<>();
        for (CgroupMount m : cgroups.mounts()) {
            if (!m.mountPoint().startsWith(host) || m.mountPoint().equals(host)
                    || !done.add(host.relativize(m.mountPoint()).toString())) {
                continue;
            }
            cgroupMount(w, source, m, CGROUP_FS + "/" + host.relativize(m.mountPoint()), flags, cgroupPath);
        }
        // The host's links for co-mounted controllers (cpu -> cpu,cpuacct): looked up by name, no listing.
        for (String name : List.copyOf(done)) {
            for (String c : name.contains(",") ? name.split(",") : new String[0]) {
                Path link = host.resolve(c);
                if (!done.contains(c) && Files.isSymbolicLink(link)) {
                    try {
                        w.line("symlink", Files.readSymbolicLink(link), CGROUP_FS + "/" + c);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the link " + link, e);
                    }
                }
            }
        }
        if (!writable) {
            w.line("remount_ro", CGROUP_FS);
        }
    }

    /** One hierarchy at {@code dst}: {@code mount -t cgroup -o <controllers>} or cgroup2. */
    private static void cgroupMount(ProtocolWriter w, CgroupSource source, CgroupMount m, String dst, long flags,
                                    String cgroupPath) {
        String type = m.unified() ? "cgroup2" : "cgroup";
        String data = m.unified() ? null : String.join(",", new TreeSet<>(m.controllers()));
        if (source == CgroupSource.BIND) {
            // A hierarchy the sandbox is not in (none of its controllers were wanted) stays an empty directory.
            Path own = cgroupPath == null ? null : m.dirOf(cgroupPath).filter(Files::isDirectory).orElse(null);
            if (own != null) {
                w.line("mount", own, dst, null, MS_BIND | flags, null, "dir");
            }
        } else if (source == CgroupSource.MOUNT_OR_BIND) {
            // A kernel may refuse a user namespace these mounts: then the helper binds the sandbox's own
            // directory of the hierarchy instead (read-only all the same), or leaves one it is not placed in empty.
            Path own = cgroupPath == null ? null : m.dirOf(cgroupPath).filter(Files::isDirectory).orElse(null);
            w.line("mount_or_bind", type, dst, type, flags, data, "dir", own);
        } else {
            w.line("mount", type, dst, type, flags, data, "dir");
        }
    }

    /** How {@link #write} makes each hierarchy appear. */
    enum CgroupSource {
        /** mounted in the sandbox's own cgroup namespace */
        MOUNT,
        /** mounted, or where a user namespace may not, the sandbox's own directory bound */
        MOUNT_OR_BIND,
        /** the sandbox's own directory bound: it has no cgroup namespace */
        BIND
    }
}
