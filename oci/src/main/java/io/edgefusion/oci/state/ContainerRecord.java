package io.edgefusion.oci.state;

import java.nio.file.Path;
import java.util.Map;

/**
 * What this runtime keeps of one container in {@code ROOT/ID/state.json}.
 *
 * @param id          the container id
 * @param bundle      the bundle directory, absolute
 * @param rootfs      the root filesystem directory, absolute
 * @param pid         the host pid of its first process; 0 while it is being created
 * @param startTicks  that process's start time (/proc/PID/stat field 22), so a reused pid is not mistaken for it
 * @param cgroupPath  its cgroup
 * @param created     when create began, epoch milliseconds
 * @param annotations the config's annotations
 * @param owner       the uid that created it
 */
public record ContainerRecord(String id, Path bundle, Path rootfs, long pid, long startTicks, String cgroupPath,
                              long created, Map<String, String> annotations, long owner) {
    public ContainerRecord {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public ContainerRecord withPid(long p, long ticks) {
        return new ContainerRecord(id, bundle, rootfs, p, ticks, cgroupPath, created, annotations, owner);
    }
}
