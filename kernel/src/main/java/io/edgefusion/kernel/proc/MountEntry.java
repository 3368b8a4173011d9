package io.edgefusion.kernel.proc;

import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/mountinfo} (proc(5)): {@code 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 -
 * ext3 /dev/root rw,errors=continue}. {@code root} is the path inside the filesystem that is mounted at
 * {@code mountPoint}; for cgroupfs it is the cgroup directory the mount exposes, seen from the reader's cgroup
 * namespace.
 */
public record MountEntry(int id, int parentId, int major, int minor, String root, String mountPoint,
                         List<String> mountOptions, List<String> optionalFields, String fsType, String source,
                         List<String> superOptions) {

    public MountEntry {
        mountOptions = List.copyOf(mountOptions);
        optionalFields = List.copyOf(optionalFields);
        superOptions = List.copyOf(superOptions);
    }

    /** Per-mount-point options ({@code ro}, {@code noexec}…) — what {@code statvfs} flags reflect. */
    public boolean hasMountOption(String option) {
        return mountOptions.contains(option);
    }

    /** Filesystem-wide option such as {@code lowerdir=…} or a cgroup v1 controller name. */
    public boolean hasSuperOption(String option) {
        return superOptions.contains(option);
    }

    /** The value of a {@code key=value} super option. */
    public Optional<String> superOption(String key) {
        String prefix = key + "=";
        return superOptions.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length()))
                .findFirst();
    }

    public String device() {
        return major + ":" + minor;
    }
}
