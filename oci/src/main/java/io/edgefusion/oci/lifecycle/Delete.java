package io.edgefusion.oci.lifecycle;

import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.sandbox.oci.config.OciConfig;
import io.edgefusion.oci.state.ContainerException;
import io.edgefusion.oci.state.ContainerRecord;
import io.edgefusion.oci.state.ContainerStatus;
import io.edgefusion.oci.state.ContainerStore;

import java.util.List;
import java.util.Optional;

/**
 * {@code delete [--force]}: a stopped or created container (a created one's waiting process is killed); a running
 * or paused one only with {@code --force}. Every process of its cgroup is killed, the cgroup removed, poststop
 * hooks run (a failure only warns), and the state directory goes.
 */
public final class Delete {
    private Delete() {
    }

    public static void delete(Runtime rt, String id, boolean force) {
        ContainerStore store = rt.store();
        Optional<ContainerRecord> found = store.find(id);
        if (found.isEmpty()) {
            if (force) {
                store.remove(id); // nothing, or a create killed before its first record: gone either way
                return;
            }
            throw new ContainerException("container " + id + " does not exist");
        }
        try (ContainerStore.Lock lock = store.lock(id)) {
            ContainerRecord r = found.get();
            ContainerStatus s = rt.status(r);
            if ((s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED) && !force) {
                throw new ContainerException("cannot delete container " + id + " that is " + s.word()
                        + " (stop it first, or use --force)");
            }
            CgroupManager cg = rt.cgroup(r);
            if (s != ContainerStatus.STOPPED) {
                Kill.signal(r, Signals.SIGKILL);
            }
            try {
                if (s == ContainerStatus.PAUSED) {
                    cg.thaw();
                }
                cg.killAll();
                cg.remove();
            } catch (RuntimeException e) {
                if (!(e instanceof io.edgefusion.kernel.sys.KernelException)) {
                    throw e;
                }
                rt.warn().accept("delete " + id + ": " + e.getMessage());
            }
            OciConfig c = rt.config(id);
            for (String warning : Hooks.runAll("poststop", c.hooks().poststop(),
                    rt.stateJson(r, ContainerStatus.STOPPED), List.of())) {
                rt.warn().accept(warning);
            }
        }
        store.remove(id);
    }
}
