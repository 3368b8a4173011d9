package io.edgefusion.oci.lifecycle;

import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.oci.state.ContainerException;
import io.edgefusion.oci.state.ContainerRecord;
import io.edgefusion.oci.state.ContainerStatus;

/** {@code kill [--all] ID [SIGNAL]}: the first process, or with {@code --all} every process of its cgroup. */
public final class Kill {
    private Kill() {
    }

    public static void kill(Runtime rt, String id, int signal, boolean all) {
        ContainerRecord r = rt.store().read(id);
        ContainerStatus s = rt.status(r);
        if (s == ContainerStatus.STOPPED && !all) {
            throw new ContainerException("cannot kill container " + id + ": it is stopped");
        }
        if (all) {
            for (long pid : rt.cgroup(r).pids()) {
                try {
                    Libc.kill((int) pid, signal);
                } catch (RuntimeException gone) {
                    // ended meanwhile
                }
            }
            if (s == ContainerStatus.PAUSED && signal == Signals.SIGKILL) {
                rt.cgroup(r).thaw(); // a frozen task dies of SIGKILL only once thawed
            }
            return;
        }
        signal(r, signal);
        if (s == ContainerStatus.PAUSED && signal == Signals.SIGKILL) {
            rt.cgroup(r).thaw();
        }
    }

    static void signal(ContainerRecord r, int signal) {
        if (!ProcStat.alive(r.pid(), r.startTicks())) {
            return;
        }
        Libc.kill((int) r.pid(), signal);
    }
}
