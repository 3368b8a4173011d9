package io.edgefusion.guardian.breaker;

import io.edgefusion.guardian.WorkloadRef;

/**
 * What the node's supervisor asks before it restarts an ended workload. The question counts the exit as a failure
 * (so N restarts within the breaker's window open it — a crash loop trips instead of restarting forever) and
 * says whether the restart may go ahead: refused while the breaker is open (the trip owns the workload now) or
 * when this very exit opened it. Asking twice about the same sandbox's exit counts it once.
 */
@FunctionalInterface
public interface RestartGate {
    Verdict beforeRestart(WorkloadRef ended, String exitReason);

    sealed interface Verdict {
        boolean allowed();
    }

    record Allow() implements Verdict {
        public boolean allowed() {
            return true;
        }
    }

    /** @param reason one line for the workload's events: why, and when the breaker half-opens */
    record Refuse(String reason) implements Verdict {
        public boolean allowed() {
            return false;
        }
    }

    /** A gate that never refuses (no guardian). */
    RestartGate ALWAYS = (w, r) -> new Allow();
}
