package io.edgefusion.node.supervise;

import java.util.Locale;

/**
 * Where a supervised workload is. Which state may follow which is {@link TransitionTable}'s alone; the label is
 * what the database, {@code events} ({@code workload.<label>}) and the API show.
 */
public enum WorkloadState {
    /** Its sandbox is being created. */
    STARTING,
    /** Its sandbox runs; no health verdict yet (or it has no health check). */
    RUNNING,
    /** Its health check passed. */
    HEALTHY,
    /** Its health check failed {@code retries} times in a row. */
    UNHEALTHY,
    /** Its sandbox ended (or vanished) and no restart is under way. */
    EXITED,
    /** Waiting out the restart delay before starting it again. */
    BACKOFF,
    /** Stopped on purpose: nothing is to run. */
    STOPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state a label names; throws for anything else (a database row we did not write). */
    public static WorkloadState ofLabel(String label) {
        for (WorkloadState s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no workload state " + label);
    }

    /** Its sandbox is meant to be alive in this state. */
    public boolean live() {
        return this == STARTING || this == RUNNING || this == HEALTHY || this == UNHEALTHY;
    }
}
