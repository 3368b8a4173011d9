package io.edgefusion.guardian.check;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.EvidenceKinds;
import io.edgefusion.guardian.EvidenceSink;
import io.edgefusion.guardian.Json;
import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.breaker.Breakers;
import io.edgefusion.sandbox.Sandboxes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each watched workload's checks every interval and routes every outcome, periodic or from a kernel event
 * ({@link KernelEvents}): an outcome that differs from the check's previous one is appended to the evidence;
 * every failure (and every exit) goes to the workload's breaker. Time comes from the injected {@link Timer}, so
 * tests run rounds by hand.
 */
public final class CheckScheduler implements KernelEvents.Listener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CheckScheduler.class.getName());

    /** Runs work later; the node's scheduler, or a test's hand-driven one. */
    public interface Timer {
        Cancellable schedule(Duration delay, Runnable task);

        @FunctionalInterface
        interface Cancellable {
            void cancel();
        }
    }

    private final Timer timer;
    private final Sandboxes sandboxes;
    private final Breakers breakers;
    private final EvidenceSink evidence;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Map<String, CheckOutcome> last = new ConcurrentHashMap<>();

    private final class Watched {
        final WorkloadRef ref;
        final List<WorkloadCheck> checks;
        final Duration interval;
        volatile Timer.Cancellable next;
        volatile boolean stopped;

        Watched(WorkloadRef ref, List<WorkloadCheck> checks, Duration interval) {
            this.ref = ref;
            this.checks = List.copyOf(checks);
            this.interval = interval;
        }

        void arm() {
            if (!stopped) {
                next = timer.schedule(interval, this::tick);
            }
        }

        void tick() {
            try {
                round(this);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "checks of " + ref.name() + ": " + e.getMessage());
            } finally {
                arm();
            }
        }
    }

    public CheckScheduler(Timer timer, Sandboxes sandboxes, Breakers breakers, EvidenceSink evidence) {
        this.timer = timer;
        this.sandboxes = sandboxes;
        this.breakers = breakers;
        this.evidence = evidence;
    }

    /** Checks {@code w} every {@code interval} from now on (a new revision: call again with its ref). */
    public void watch(WorkloadRef w, List<WorkloadCheck> checks, Duration interval) {
        Watched n = new Watched(w, checks, interval);
        Watched old = watched.put(w.name(), n);
        if (old != null) {
            stop(old);
        }
        n.arm();
    }

    public void unwatch(String workload) {
        Watched old = watched.remove(workload);
        if (old != null) {
            stop(old);
        }
    }

    /** Runs one round of {@code workload}'s checks now; returns the outcomes (tests, {@code guardian check}). */
    public List<CheckOutcome> runNow(String workload) {
        Watched w = watched.get(workload);
        if (w == null) {
            throw new IllegalArgumentException("workload " + workload + " is not watched");
        }
        return round(w);
    }

    private List<CheckOutcome> round(Watched w) {
        LiveSandbox live = LiveSandbox.of(sandboxes, w.ref.sandboxId());
        List<CheckOutcome> out = w.checks.stream().map(c -> {
            try {
                return c.run(w.ref, live);
            } catch (RuntimeException e) {
                return (CheckOutcome) new CheckOutcome.Inconclusive(c.name(), "the check failed to run: "
                        + e.getMessage());
            }
        }).toList();
        out.forEach(o -> outcome(w.ref, o));
        return out;
    }

    /** One outcome of {@code w}: recorded when it changes, counted against the breaker when it is a failure. */
    @Override
    public void outcome(WorkloadRef w, CheckOutcome o) {
        String key = w.name() + "\u0000" + w.sandboxId() + "\u0000" + o.check();
        CheckOutcome before = last.put(key, o);
        if (changed(before, o)) {
            String kind = switch (o) {
                case CheckOutcome.Failed f -> EvidenceKinds.CHECK_FAILED;
                case CheckOutcome.Ok ok -> EvidenceKinds.CHECK_RECOVERED;
                case CheckOutcome.Inconclusive i -> EvidenceKinds.CHECK_INCONCLUSIVE;
            };
            if (!(before == null && o instanceof CheckOutcome.Ok)) {
                ObjectNode p = o.toJson().put("sandbox", w.sandboxId()).put("revision", w.revision());
                evidence.append(kind, w.name(), Json.write(p));
            }
        }
        if (o instanceof CheckOutcome.Failed f) {
            if (f.check().equals("exit")) {
                breakers.exited(w, f.reason());
            } else {
                breakers.failed(w, f);
            }
        }
    }

    private static boolean changed(CheckOutcome before, CheckOutcome now) {
        if (before == null) {
            return true;
        }
        if (before.getClass() != now.getClass()) {
            return true;
        }
        return now instanceof CheckOutcome.Failed f && !f.reason().equals(((CheckOutcome.Failed) before).reason());
    }

    private static void stop(Watched w) {
        w.stopped = true;
        Timer.Cancellable c = w.next;
        if (c != null) {
            c.cancel();
        }
    }

    @Override
    public void close() {
        watched.values().forEach(CheckScheduler::stop);
        watched.clear();
    }
}
