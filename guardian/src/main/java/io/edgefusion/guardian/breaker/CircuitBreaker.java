package io.edgefusion.guardian.breaker;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One workload's breaker: counts failures in a sliding window, opens at the threshold, half-opens after the
 * cool-down, closes after a probe period without failure. Pure state: it changes only through
 * {@link BreakerTable} and reads time only from its {@link InstantSource}, so tests drive it by hand. What an
 * opening does (the trip) is the caller's, on the returned {@link Change}.
 */
public final class CircuitBreaker {
    private final String workload;
    private final BreakerConfig config;
    private final InstantSource clock;
    private final Deque<Instant> failures = new ArrayDeque<>();
    private BreakerState state;
    private Instant since;
    private String reason;

    /** One state change, with what caused it. */
    public record Change(String workload, BreakerState from, BreakerState to, BreakerCause cause, String reason,
                         Instant at) {
    }

    /** What {@code breaker ls} shows, and what is persisted. */
    public record View(String workload, BreakerState state, Instant since, List<Instant> failures, String reason,
                       Optional<Instant> nextChange) {
        public View {
            failures = List.copyOf(failures);
        }
    }

    public CircuitBreaker(String workload, BreakerConfig config, InstantSource clock) {
        this(workload, config, clock, BreakerState.CLOSED, clock.instant(), List.of(), "");
    }

    /** A breaker restored from its persisted {@link View} (a node restart keeps an open breaker open). */
    public CircuitBreaker(String workload, BreakerConfig config, InstantSource clock, BreakerState state,
                          Instant since, List<Instant> failures, String reason) {
        this.workload = workload;
        this.config = config;
        this.clock = clock;
        this.state = state;
        this.since = since;
        this.failures.addAll(failures);
        this.reason = reason == null ? "" : reason;
    }

    public String workload() {
        return workload;
    }

    public BreakerConfig config() {
        return config;
    }

    public synchronized BreakerState state() {
        return state;
    }

    /**
     * Counts one failure now. Closed: opens once {@code failures} fall within the window. Half-open: opens at
     * once. Open: the workload is isolated already; nothing changes.
     */
    public synchronized Optional<Change> failure(String why) {
        Instant now = clock.instant();
        return switch (state) {
            case CLOSED -> {
                failures.addLast(now);
                prune(now);
                if (failures.size() >= config.failures()) {
                    String r = failures.size() + " failures within " + config.window().toSeconds() + " s; last: " + why;
                    failures.clear();
                    yield Optional.of(move(BreakerCause.THRESHOLD, r, now));
                }
                yield Optional.empty();
            }
            case HALF_OPEN -> Optional.of(move(BreakerCause.PROBE_FAILED, "failed on probation: " + why, now));
            case OPEN -> Optional.empty();
        };
    }

    /**
     * A failure severe enough to open the breaker without waiting for the threshold (closed or half-open → open).
     * Open: nothing changes.
     */
    public synchronized Optional<Change> severe(String why) {
        if (state == BreakerState.OPEN) {
            return Optional.empty();
        }
        return Optional.of(move(BreakerCause.SEVERE, why, clock.instant()));
    }

    /** Applies the time-driven transitions that are due: open → half-open, half-open → closed. */
    public synchronized Optional<Change> tick() {
        Instant now = clock.instant();
        if (state == BreakerState.OPEN && !now.isBefore(since.plus(config.cooldown()))) {
            return Optional.of(move(BreakerCause.COOLDOWN_OVER, "cool-down of " + config.cooldown().toSeconds()
                    + " s over; on probation for " + config.probe().toSeconds() + " s", now));
        }
        if (state == BreakerState.HALF_OPEN && !now.isBefore(since.plus(config.probe()))) {
            return Optional.of(move(BreakerCause.PROBE_PASSED, "no failure during the probe period of "
                    + config.probe().toSeconds() + " s", now));
        }
        if (state == BreakerState.CLOSED) {
            prune(now);
        }
        return Optional.empty();
    }

    /** An operator's reset: open or half-open → closed; closed is an {@link BreakerTable.IllegalBreakerTransition}. */
    public synchronized Change reset(String why) {
        return move(BreakerCause.RESET, why, clock.instant());
    }

    /** When the next time-driven transition is due, if any. */
    public synchronized Optional<Instant> nextChange() {
        return switch (state) {
            case OPEN -> Optional.of(since.plus(config.cooldown()));
            case HALF_OPEN -> Optional.of(since.plus(config.probe()));
            case CLOSED -> Optional.empty();
        };
    }

    public synchronized View view() {
        return new View(workload, state, since, new ArrayList<>(failures), reason, nextChange());
    }

    private Change move(BreakerCause cause, String why, Instant now) {
        BreakerTable.Transition t = BreakerTable.next(workload, state, cause);
        BreakerState from = state;
        state = t.to();
        since = now;
        reason = why;
        if (state != BreakerState.CLOSED) {
            failures.clear();
        }
        return new Change(workload, from, state, cause, why, now);
    }

    private void prune(Instant now) {
        Instant oldest = now.minus(config.window());
        while (!failures.isEmpty() && !failures.peekFirst().isAfter(oldest)) {
            failures.removeFirst();
        }
    }
}
