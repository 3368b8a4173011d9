package io.edgefusion.guardian.breaker;

import io.edgefusion.guardian.WorkloadRef;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One opening of a breaker and its steps, as persisted: every step is written STARTED before it is taken and
 * DONE (with its result) after, so a node that dies in the middle resumes at the first step not DONE.
 *
 * @param cause the failing check that opened the breaker, as JSON ({@code CheckOutcome.toJson})
 */
public record Trip(String id, WorkloadRef workload, Instant openedAt, String cause, List<StepRecord> steps,
                   Optional<Instant> finishedAt) {
    public Trip {
        steps = List.copyOf(steps);
    }

    public enum Status { PENDING, STARTED, DONE, FAILED, SKIPPED }

    /** A step's persisted progress; {@code result} is JSON once DONE, or the error once FAILED. */
    public record StepRecord(TripStep step, Status status, int attempts, Optional<Instant> startedAt,
                             Optional<Instant> finishedAt, String result) {
    }

    public StepRecord step(TripStep s) {
        return steps.stream().filter(r -> r.step() == s).findFirst().orElseThrow();
    }
}
