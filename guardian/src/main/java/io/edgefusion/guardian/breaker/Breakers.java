package io.edgefusion.guardian.breaker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.EvidenceKinds;
import io.edgefusion.guardian.EvidenceSink;
import io.edgefusion.guardian.Json;
import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.check.CheckOutcome;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The breakers of every workload: where failed checks and exits arrive, where openings start trips, and the
 * supervisor's {@link RestartGate}. Each change is persisted and appended to the evidence before anything acts on
 * it; a trip is persisted before its first step and runs on {@code tripExecutor}.
 */
public final class Breakers implements RestartGate {
    private final BreakerStore store;
    private final TripStore trips;
    private final TripRunner runner;
    private final EvidenceSink evidence;
    private final InstantSource clock;
    private final Executor tripExecutor;
    private final FailurePolicy policy;
    /** When each workload last failed a check, for the node's stable-period test. */
    private final Map<String, Instant> lastFailure = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    /** Exits already counted (sandbox ids), so the gate and the exit watch never count one twice. */
    private final Set<String> countedExits = ConcurrentHashMap.newKeySet();

    public Breakers(BreakerStore store, TripStore trips, TripRunner runner, EvidenceSink evidence,
                    InstantSource clock, Executor tripExecutor) {
        this(store, trips, runner, evidence, clock, tripExecutor, FailurePolicy.COUNT_ALL);
    }

    public Breakers(BreakerStore store, TripStore trips, TripRunner runner, EvidenceSink evidence,
                    InstantSource clock, Executor tripExecutor, FailurePolicy policy) {
        this.policy = policy;
        this.store = store;
        this.trips = trips;
        this.runner = runner;
        this.evidence = evidence;
        this.clock = clock;
        this.tripExecutor = tripExecutor;
    }

    /** Starts guarding {@code workload} with {@code config}; a persisted state (open, say) is restored. */
    public CircuitBreaker register(String workload, BreakerConfig config) {
        return breakers.compute(workload, (k, old) -> {
            if (old != null && old.config().equals(config)) {
                return old; // a restart or a new revision: the failures counted so far still count
            }
            if (old != null) {
                CircuitBreaker.View v = old.view(); // new thresholds, same history
                return new CircuitBreaker(workload, config, clock, v.state(), v.since(), v.failures(), v.reason());
            }
            Optional<BreakerStore.Saved> saved = store.load(workload);
            return saved.map(s -> new CircuitBreaker(workload, config, clock, s.state(), s.since(), s.failures(),
                    s.reason())).orElseGet(() -> new CircuitBreaker(workload, config, clock));
        });
    }

    /** Stops guarding (the workload was removed with its deployment); its persisted state goes too. */
    public void unregister(String workload) {
        breakers.remove(workload);
        lastFailure.remove(workload);
        store.delete(workload);
    }

    /** When {@code workload} last failed a check (exits included), if it ever did while this node ran. */
    public Optional<Instant> lastFailure(String workload) {
        return Optional.ofNullable(lastFailure.get(workload));
    }

    public Optional<CircuitBreaker> get(String workload) {
        return Optional.ofNullable(breakers.get(workload));
    }

    public List<CircuitBreaker.View> list() {
        return breakers.values().stream().map(CircuitBreaker::view)
                .sorted(java.util.Comparator.comparing(CircuitBreaker.View::workload)).toList();
    }

    /**
     * A failed check of {@code w}: counted (or, when the {@link FailurePolicy} calls it severe, opening at once),
     * and a trip started when it opens the breaker.
     */
    public Optional<CircuitBreaker.Change> failed(WorkloadRef w, CheckOutcome.Failed outcome) {
        CircuitBreaker b = breaker(w.name());
        lastFailure.put(w.name(), clock.instant());
        String why = outcome.check() + ": " + outcome.reason();
        Optional<CircuitBreaker.Change> c = policy.severe(w, outcome) ? b.severe(why) : b.failure(why);
        c.ifPresent(ch -> changed(b, ch, Optional.of(w), outcome.toJson()));
        return c;
    }

    /** An exit of {@code w}'s sandbox seen by a kernel event rather than the supervisor; counted once per sandbox. */
    public Optional<CircuitBreaker.Change> exited(WorkloadRef w, String reason) {
        if (!countedExits.add(w.sandboxId())) {
            return Optional.empty();
        }
        return failed(w, new CheckOutcome.Failed("exit", "restart", reason));
    }

    @Override
    public Verdict beforeRestart(WorkloadRef ended, String exitReason) {
        CircuitBreaker b = breaker(ended.name());
        exited(ended, exitReason);
        if (b.state() == BreakerState.CLOSED) {
            return new Allow();
        }
        CircuitBreaker.View v = b.view();
        String when = v.nextChange().map(i -> "; it half-opens at " + i).orElse("");
        String why = "breaker " + v.state().label() + " (" + v.reason() + ")" + when;
        if (b.state() == BreakerState.HALF_OPEN) {
            return new Allow();
        }
        evidence.append(EvidenceKinds.RESTART_REFUSED, ended.name(), Json.write(Json.object()
                .put("sandbox", ended.sandboxId()).put("exit", exitReason).put("reason", why)));
        return new Refuse(why);
    }

    /** Applies every due time-driven transition (the scheduler calls it at each breaker's next deadline). */
    public List<CircuitBreaker.Change> tick() {
        List<CircuitBreaker.Change> out = new ArrayList<>();
        for (CircuitBreaker b : breakers.values()) {
            b.tick().ifPresent(ch -> {
                changed(b, ch, Optional.empty(), Json.object());
                out.add(ch);
            });
        }
        return out;
    }

    /** The earliest time a breaker changes by itself, to schedule {@link #tick()}. */
    public Optional<Instant> nextChange() {
        return breakers.values().stream().map(CircuitBreaker::nextChange).flatMap(Optional::stream)
                .min(Instant::compareTo);
    }

    /**
     * When {@code workload}'s breaker last opened, while it is open or half-open (empty when closed). Open: its
     * {@code since}. Half-open: the newest trip's opening, as every opening starts a trip ({@link #failed}).
     */
    public Optional<Instant> openedAt(String workload) {
        CircuitBreaker.View v = get(workload).map(CircuitBreaker::view).orElse(null);
        if (v == null || v.state() == BreakerState.CLOSED) {
            return Optional.empty();
        }
        if (v.state() == BreakerState.OPEN) {
            return Optional.of(v.since());
        }
        List<Trip> all = trips.of(workload);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast().openedAt());
    }

    /**
     * {@code breaker reset NAME}: closes an open or half-open breaker; {@link NoBreaker} when none guards
     * {@code workload}, {@link BreakerTable.IllegalBreakerTransition} when it is closed already.
     */
    public CircuitBreaker.Change reset(String workload, String why) {
        CircuitBreaker b = get(workload).orElseThrow(() -> new NoBreaker(workload));
        CircuitBreaker.Change c = b.reset(why);
        changed(b, c, Optional.empty(), Json.object());
        return c;
    }

    /** No breaker guards the workload (never registered, or removed with its deployment): the API's 404. */
    public static final class NoBreaker extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public NoBreaker(String workload) {
            super("no breaker for workload " + workload);
        }
    }

    private CircuitBreaker breaker(String workload) {
        CircuitBreaker b = breakers.get(workload);
        return b != null ? b : register(workload, BreakerConfig.defaults());
    }

    private void changed(CircuitBreaker b, CircuitBreaker.Change c, Optional<WorkloadRef> at, ObjectNode cause) {
        store.save(b.view());
        ObjectNode p = Json.object().put("from", c.from().label()).put("to", c.to().label())
                .put("cause", c.cause().label()).put("reason", c.reason()).put("at", c.at().toString());
        at.ifPresent(w -> p.put("sandbox", w.sandboxId()).put("revision", w.revision()));
        evidence.append(EvidenceKinds.BREAKER_TRANSITION, c.workload(), Json.write(p));
        if (c.to() == BreakerState.OPEN && at.isPresent()) {
            Trip t = trips.create(UUID.randomUUID().toString(), at.get(), c.at(), Json.write(cause));
            evidence.append(EvidenceKinds.TRIP_OPENED, c.workload(), Json.write(Json.object().put("trip", t.id())
                    .put("sandbox", at.get().sandboxId()).put("revision", at.get().revision())
                    .set("cause", cause)));
            tripExecutor.execute(() -> runner.run(t.id()));
        }
    }
}
