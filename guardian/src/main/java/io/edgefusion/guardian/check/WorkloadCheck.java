package io.edgefusion.guardian.check;

import io.edgefusion.guardian.WorkloadRef;

/** One periodic check of a running workload; never throws for what it finds (that is a {@link CheckOutcome}). */
public interface WorkloadCheck {
    /** {@code network.listen}, {@code limits}, ...: the key outcomes are compared under between rounds. */
    String name();

    CheckOutcome run(WorkloadRef w, LiveSandbox live);
}
