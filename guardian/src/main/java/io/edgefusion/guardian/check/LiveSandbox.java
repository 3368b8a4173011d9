package io.edgefusion.guardian.check;

import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.util.Optional;

/** A workload's sandbox as one round of checks sees it: its state read once, its cgroup, its PID 1. */
public record LiveSandbox(Sandboxes sandboxes, SandboxState state) {
    public static LiveSandbox of(Sandboxes sandboxes, String sandboxId) {
        return new LiveSandbox(sandboxes, sandboxes.inspect(sandboxId));
    }

    public boolean running() {
        return state.status() == Status.RUNNING && state.pid() != null;
    }

    public Optional<Long> pid() {
        return running() ? Optional.of(state.pid()) : Optional.empty();
    }

    public CgroupManager cgroup() {
        return sandboxes.cgroup(state.id());
    }

    public String label() {
        return state.name() != null ? state.name() : state.shortId();
    }
}
