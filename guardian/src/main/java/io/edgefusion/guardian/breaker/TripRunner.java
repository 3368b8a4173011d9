package io.edgefusion.guardian.breaker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.EvidenceKinds;
import io.edgefusion.guardian.EvidenceSink;
import io.edgefusion.guardian.Json;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Takes a trip's steps in order — isolate, roll back, snapshot, remove — each written STARTED before it is taken
 * and DONE or FAILED after. {@link #resume()} finishes the trips a dead node left: steps DONE are never taken
 * again; a step STARTED but not DONE is taken again, which its interface makes safe (isolation and snapshots are
 * idempotent, a rollback is keyed by the trip id), so each level happens exactly once.
 *
 * <p>A failed step does not stop the trip (the rollback matters more than a freeze that did not take), except
 * that the sandbox is only removed after its snapshot was written: evidence is never destroyed half-taken.
 */
public final class TripRunner {
    private static final System.Logger LOG = System.getLogger(TripRunner.class.getName());

    private final TripStore store;
    private final Isolation isolation;
    private final Rollbacks rollbacks;
    private final Snapshots snapshots;
    private final EvidenceSink evidence;
    private final InstantSource clock;
    private volatile Consumer<TripStep> beforeStep = s -> { };

    public TripRunner(TripStore store, Isolation isolation, Rollbacks rollbacks, Snapshots snapshots,
                      EvidenceSink evidence, InstantSource clock) {
        this.store = store;
        this.isolation = isolation;
        this.rollbacks = rollbacks;
        this.snapshots = snapshots;
        this.evidence = evidence;
        this.clock = clock;
    }

    /** Tests: runs just before a step is marked STARTED (throw an Error there to simulate a node dying). */
    void beforeStep(Consumer<TripStep> hook) {
        this.beforeStep = hook;
    }

    /** Finishes every unfinished trip, oldest first; returns them as they ended. */
    public List<Trip> resume() {
        return store.unfinished().stream().map(t -> run(t.id())).toList();
    }

    /** Takes every step of trip {@code id} not DONE yet; returns the trip as persisted at the end. */
    public Trip run(String id) {
        for (TripStep step : TripStep.values()) {
            Trip t = store.get(id).orElseThrow(() -> new IllegalArgumentException("no trip " + id));
            Trip.StepRecord r = t.step(step);
            if (r.status() == Trip.Status.DONE || r.status() == Trip.Status.SKIPPED
                    || r.status() == Trip.Status.FAILED) {
                continue;
            }
            if (step == TripStep.REMOVE && t.step(TripStep.SNAPSHOT).status() != Trip.Status.DONE) {
                store.skipped(id, step, clock.instant(), "kept for forensics: its snapshot was not taken");
                emit(t, step, "skipped", Json.object().put("reason", "the snapshot was not taken"));
                continue;
            }
            beforeStep.accept(step);
            store.started(id, step, clock.instant());
            emit(t, step, "started", Json.object().put("attempt", r.attempts() + 1));
            try {
                ObjectNode result = take(t, step);
                store.done(id, step, clock.instant(), Json.write(result));
                emit(t, step, "done", result);
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "trip " + id + " " + step.label() + " of "
                        + t.workload().name() + " failed: " + why);
                store.failed(id, step, clock.instant(), why);
                emit(t, step, "failed", Json.object().put("error", why));
            }
        }
        store.finish(id, clock.instant());
        Trip done = store.get(id).orElseThrow();
        ObjectNode p = Json.object().put("trip", id);
        // Under "steps": a top-level "snapshot" key is the evidence log's own (an attached directory).
        ObjectNode steps = p.putObject("steps");
        done.steps().forEach(s -> steps.put(s.step().label(), s.status().name().toLowerCase()));
        evidence.append(EvidenceKinds.TRIP_FINISHED, done.workload().name(), Json.write(p));
        return done;
    }

    private ObjectNode take(Trip t, TripStep step) {
        String sandbox = t.workload().sandboxId();
        return switch (step) {
            case ISOLATE -> isolation.isolate(sandbox).toJson();
            case ROLLBACK -> rollbacks.rollback(t.id(), t.workload(), reasonOf(t.cause())).toJson();
            case SNAPSHOT -> snapshots.take(t.id(), sandbox, t.cause()).toJson();
            case REMOVE -> {
                isolation.discard(sandbox);
                yield Json.object().put("removed", sandbox);
            }
        };
    }

    private static String reasonOf(String causeJson) {
        try {
            return Optional.ofNullable(Json.read(causeJson).get("reason")).map(n -> n.asText()).orElse(causeJson);
        } catch (IllegalArgumentException e) {
            return causeJson;
        }
    }

    private void emit(Trip t, TripStep step, String what, ObjectNode payload) {
        payload.put("trip", t.id()).put("sandbox", t.workload().sandboxId());
        evidence.append(EvidenceKinds.TRIP_STEP + step.label() + "." + what, t.workload().name(), Json.write(payload));
    }
}
