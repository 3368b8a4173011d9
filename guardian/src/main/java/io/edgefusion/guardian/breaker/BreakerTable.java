package io.edgefusion.guardian.breaker;

import java.util.List;
import java.util.Optional;

/**
 * The one table of breaker transitions. Each is listed exactly once with its cause; anything else is an
 * {@link IllegalBreakerTransition}.
 */
public final class BreakerTable {
    /** One allowed change. */
    public record Transition(BreakerState from, BreakerCause cause, BreakerState to, String why) {
    }

    public static final List<Transition> ALL = List.of(
            t(BreakerState.CLOSED, BreakerCause.THRESHOLD, BreakerState.OPEN, "too many failures within the window"),
            t(BreakerState.CLOSED, BreakerCause.SEVERE, BreakerState.OPEN, "a failure severe enough to open at once"),
            t(BreakerState.HALF_OPEN, BreakerCause.SEVERE, BreakerState.OPEN, "failed on probation"),
            t(BreakerState.OPEN, BreakerCause.COOLDOWN_OVER, BreakerState.HALF_OPEN, "the cool-down is over"),
            t(BreakerState.OPEN, BreakerCause.RESET, BreakerState.CLOSED, "reset by an operator"),
            t(BreakerState.HALF_OPEN, BreakerCause.PROBE_FAILED, BreakerState.OPEN, "failed on probation"),
            t(BreakerState.HALF_OPEN, BreakerCause.PROBE_PASSED, BreakerState.CLOSED, "passed the probe period"),
            t(BreakerState.HALF_OPEN, BreakerCause.RESET, BreakerState.CLOSED, "reset by an operator"));

    static {
        for (int i = 0; i < ALL.size(); i++) {
            for (int j = i + 1; j < ALL.size(); j++) {
                if (ALL.get(i).from() == ALL.get(j).from() && ALL.get(i).cause() == ALL.get(j).cause()) {
                    throw new ExceptionInInitializerError("breaker transition " + ALL.get(i) + " listed twice");
                }
            }
        }
    }

    private BreakerTable() {
    }

    private static Transition t(BreakerState from, BreakerCause cause, BreakerState to, String why) {
        return new Transition(from, cause, to, why);
    }

    public static Optional<Transition> find(BreakerState from, BreakerCause cause) {
        return ALL.stream().filter(t -> t.from() == from && t.cause() == cause).findFirst();
    }

    /** The transition {@code cause} makes from {@code from}, or an {@link IllegalBreakerTransition}. */
    public static Transition next(String workload, BreakerState from, BreakerCause cause) {
        return find(from, cause).orElseThrow(() -> new IllegalBreakerTransition(workload, from, cause));
    }

    /** A cause that does not apply in the breaker's state: a bug in whoever asked, named with the workload. */
    public static final class IllegalBreakerTransition extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public IllegalBreakerTransition(String workload, BreakerState from, BreakerCause cause) {
            super("breaker of " + workload + ": " + cause.label() + " does not apply when " + from.label());
        }
    }
}
