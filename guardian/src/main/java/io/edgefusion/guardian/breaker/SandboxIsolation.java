package io.edgefusion.guardian.breaker;

import io.edgefusion.kernel.bpf.SkbDrop;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.cgroup.ControllerDir;
import io.edgefusion.kernel.cgroup.FreezerState;
import io.edgefusion.kernel.net.Links;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.sandbox.Held;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.state.SandboxNames;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Isolation of a real sandbox, under its lock.
 *
 * <p>Freeze: the cgroup freezer, written directly rather than through {@link Held#freeze()}: that one leaves a
 * marker naming this process so that {@code gc} thaws the sandbox if we die — right for a commit, wrong here,
 * where the freeze must outlive a node restart until the trip removes the sandbox.
 *
 * <p>"Cut off the network" depends on the sandbox's network mode:
 * <ul>
 *   <li>{@code none}: it has a network namespace of its own (holding only {@code lo}); every interface of that
 *       namespace is brought down, so not even a process that joins the namespace (an exec'd probe) reaches its
 *       sockets, and it reaches nothing.</li>
 *   <li>{@code host}: it shares the host's namespace, whose interfaces must stay up for everyone else; instead a
 *       cgroup skb program drops every packet to and from the sockets its tasks created (ingress and egress on
 *       its cgroup2 directory). Without a cgroup2 directory (a pure v1 host) this cannot be done: the sandbox is
 *       frozen only, and the evidence says so.</li>
 * </ul>
 */
public final class SandboxIsolation implements Isolation {
    private final Sandboxes sandboxes;

    public SandboxIsolation(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public Isolated isolate(String sandboxId) {
        try (Held held = sandboxes.hold(sandboxId)) {
            SandboxState s = held.state();
            if (s.status() != Status.RUNNING && s.status() != Status.PAUSED) {
                return new Isolated(s.id(), false, "ended: no process left to reach the network", List.of(),
                        List.of("the sandbox was " + s.status().label() + " already: nothing to freeze"));
            }
            List<String> notes = new ArrayList<>();
            CgroupManager cg = sandboxes.cgroup(s.id());
            if (cg.freezerState() != FreezerState.FROZEN) {
                cg.freeze();
            }
            boolean frozen = cg.freezerState() == FreezerState.FROZEN;
            Network mode = s.spec() == null ? Network.NONE : s.spec().network();
            List<String> down = List.of();
            String network;
            if (mode.ownNamespace()) {
                NamespaceCut cut = cutOwnNamespace(s.pid(), s.pidStartTicks());
                down = cut.down();
                network = cut.network();
                cut.note().ifPresent(notes::add);
            } else {
                Optional<ControllerDir> v2 = sandboxes.layout().pathsOf(cg.path()).unified();
                if (v2.isPresent()) {
                    try {
                        SkbDrop.attach(v2.get().dir().toString());
                        network = "host: every packet of its sockets is dropped (cgroup skb ingress and egress on "
                                + v2.get().dir() + ")";
                    } catch (KernelException e) {
                        network = "host: not cut";
                        notes.add("could not attach the drop program: " + e.getMessage() + "; frozen only");
                    }
                } else {
                    network = "host: not cut";
                    notes.add("host network and no cgroup2 directory to attach a drop program to: frozen only");
                }
            }
            return new Isolated(s.id(), frozen, network, down, notes);
        }
    }

    /** What bringing down the interfaces of a process's own network namespace did. */
    record NamespaceCut(String network, List<String> down, Optional<String> note) {
    }

    /**
     * Brings down every interface of {@code pid}'s namespace. A crashing workload may end between the status read
     * and the namespace join: then nothing is left to reach the network, which is what isolation wanted.
     */
    static NamespaceCut cutOwnNamespace(long pid, long startTicks) {
        try {
            return new NamespaceCut("none: every interface of its own network namespace is down",
                    Links.downAll(pid, startTicks), Optional.empty());
        } catch (RuntimeException e) {
            if (ProcStat.alive(pid, startTicks)) {
                throw e;
            }
            return new NamespaceCut("ended: no process left to reach the network", List.of(),
                    Optional.of("its process ended while it was being isolated"));
        }
    }

    @Override
    public void discard(String sandboxId) {
        try {
            sandboxes.remove(sandboxId, true);
        } catch (SandboxNames.NoSuchSandbox e) {
            // removed already: a resumed trip asks again
        }
    }
}
