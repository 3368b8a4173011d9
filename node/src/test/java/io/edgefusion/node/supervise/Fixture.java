package io.edgefusion.node.supervise;

import io.edgefusion.node.health.HealthProbe;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.store.NodeDatabase;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.testing.TestSandboxes;

import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Function;

/** A state root of the test's own, its node database and a supervision on it; close removes everything. */
final class Fixture implements AutoCloseable {
    final TestSandboxes ts = new TestSandboxes();
    final NodePaths paths = new NodePaths(ts.root());
    final RecordingEvents events = new RecordingEvents();
    NodeDatabase db = NodeDatabase.open(paths);
    Supervision supervision;

    /** Real clock and timers, the exec probe. */
    static Fixture real() {
        Fixture f = new Fixture();
        ExecutorScheduler s = new ExecutorScheduler();
        f.supervision = Supervision.open(f.paths, f.db, f.events, InstantSource.system(), s, io.edgefusion.node.health.SandboxHealthProbe::new,
                Duration.ZERO, s);
        return f;
    }

    /** A hand-driven clock and scheduler and the given probe. */
    static Fixture manual(ManualClock clock, ManualScheduler scheduler, Function<Sandboxes, HealthProbe> probe) {
        Fixture f = new Fixture();
        f.supervision = Supervision.open(f.paths, f.db, f.events, clock, scheduler, probe, Duration.ZERO, null);
        return f;
    }

    /** A new node on the same root (the old supervision closed, as a node's shutdown, sandboxes left running). */
    Supervision reopen(InstantSource clock, Scheduler scheduler, Function<Sandboxes, HealthProbe> probe) {
        supervision.close();
        supervision = Supervision.open(paths, db, events, clock, scheduler, probe, Duration.ZERO, null);
        return supervision;
    }

    Sandboxes sandboxes() {
        return ts.sandboxes();
    }

    @Override
    public void close() {
        try {
            if (supervision != null) {
                supervision.close();
            }
            db.close();
        } finally {
            ts.close();
        }
    }
}
