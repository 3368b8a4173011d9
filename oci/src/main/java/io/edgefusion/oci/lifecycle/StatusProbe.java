package io.edgefusion.oci.lifecycle;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.cgroup.FreezerState;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.oci.state.ContainerRecord;
import io.edgefusion.oci.state.ContainerStatus;
import io.edgefusion.oci.state.ContainerStore;

import java.nio.file.Files;

/**
 * A container's status from the kernel, as runc derives it: no process yet → creating; its first process gone
 * (or its pid reused: start time differs) → stopped; the exec fifo still there → created; cgroup frozen →
 * paused; else running. A zombie counts as stopped: its program has ended.
 */
public final class StatusProbe {
    private StatusProbe() {
    }

    public static ContainerStatus of(ContainerStore store, CgroupLayout layout, ContainerRecord r) {
        if (r.pid() <= 0) {
            return ContainerStatus.CREATING;
        }
        var stat = ProcStat.of(r.pid());
        if (stat.isEmpty() || stat.get().startTicks() != r.startTicks() || stat.get().state() == 'Z'
                || stat.get().state() == 'X') {
            return ContainerStatus.STOPPED;
        }
        if (Files.exists(store.dir(r.id()).resolve(ContainerStore.FIFO))) {
            return ContainerStatus.CREATED;
        }
        try {
            if (CgroupManager.of(layout, r.cgroupPath()).freezerState() == FreezerState.FROZEN) {
                return ContainerStatus.PAUSED;
            }
        } catch (RuntimeException unreadable) {
            // a cgroup we cannot read is not frozen by us
        }
        return ContainerStatus.RUNNING;
    }
}
