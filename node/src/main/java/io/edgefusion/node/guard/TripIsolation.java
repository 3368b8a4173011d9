package io.edgefusion.node.guard;

import io.edgefusion.guardian.breaker.Isolation;
import io.edgefusion.guardian.breaker.SandboxIsolation;
import io.edgefusion.sandbox.state.SandboxNames;
import io.edgefusion.sandbox.Sandboxes;

import java.util.List;
import java.util.function.Consumer;

/**
 * Levels 1 and 4 of a trip in a node: before the sandbox is frozen the supervisor lets go of its instance (no
 * restart, probe or kill races the trip), and a sandbox that is gone already is reported, not failed on.
 */
final class TripIsolation implements Isolation {
    private final SandboxIsolation sandboxes;
    private final Consumer<String> release;
    private final Consumer<String> removed;

    TripIsolation(Sandboxes sandboxes, Consumer<String> release, Consumer<String> removed) {
        this.sandboxes = new SandboxIsolation(sandboxes);
        this.release = release;
        this.removed = removed;
    }

    @Override
    public Isolated isolate(String sandboxId) {
        release.accept(sandboxId);
        try {
            return sandboxes.isolate(sandboxId);
        } catch (SandboxNames.NoSuchSandbox e) {
            return new Isolated(sandboxId, false, "gone: no sandbox left to reach the network", List.of(),
                    List.of("the sandbox was removed before the trip could freeze it"));
        }
    }

    @Override
    public void discard(String sandboxId) {
        sandboxes.discard(sandboxId);
        removed.accept(sandboxId);
    }
}
