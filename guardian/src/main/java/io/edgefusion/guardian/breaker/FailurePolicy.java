package io.edgefusion.guardian.breaker;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.guardian.check.CheckOutcome;

import java.util.Set;

/**
 * Which failures open a breaker at once instead of counting toward its threshold. A contract violation or an OOM
 * kill is a fact, not a symptom that may pass: waiting for three of them only lets the faulty revision serve
 * longer. Exits, health probes and log lines count (a crash loop, a flapping probe). The node widens it: an exit
 * of a revision that never became stable, while a stable one exists, is a bad rollout and opens at once.
 */
@FunctionalInterface
public interface FailurePolicy {
    /** Checks whose failure is a violation of the core contract or of the workload's declared limits. */
    Set<String> VIOLATIONS = Set.of("network.listen", "network.bind", "hal.report", "image.digest", "limits", "oom");

    boolean severe(WorkloadRef workload, CheckOutcome.Failed failure);

    /** {@link #VIOLATIONS} open at once; everything else counts. */
    FailurePolicy CONTRACT = (w, f) -> VIOLATIONS.contains(f.check());

    /** Every failure counts toward the threshold (the breaker as a plain counter). */
    FailurePolicy COUNT_ALL = (w, f) -> false;
}
