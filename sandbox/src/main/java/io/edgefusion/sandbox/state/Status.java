package io.edgefusion.sandbox.state;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a sandbox is in its life. CREATING, RUNNING and EXITED are recorded; PAUSED, DEAD and EXITED (from the
 * reaper's exit record) are also what {@code ps} derives from the record and the live system, without writing
 * anything. {@link #canBecome} is the one transition table; every derived or recorded change goes through it.
 */
public enum Status {
    /** Resources are being made; the creating CLI is still alive. */
    CREATING,
    RUNNING,
    EXITED,
    /** Frozen through the cgroup freezer (by {@code commit}, or left frozen by a killed one: gc thaws it). */
    PAUSED,
    /**
     * Half-made or lost: its creator died before it ran, or its reaper died (pid and start time no longer
     * match) without writing an exit record. Its cgroup may still hold processes; {@code rm -f}, {@code stop} and
     * {@code gc} kill them and remove it.
     */
    DEAD;

    private static final Map<Status, Set<Status>> NEXT = Map.of(
            CREATING, EnumSet.of(RUNNING, DEAD),
            RUNNING, EnumSet.of(PAUSED, EXITED, DEAD),
            PAUSED, EnumSet.of(RUNNING, EXITED, DEAD),
            EXITED, EnumSet.noneOf(Status.class),
            DEAD, EnumSet.noneOf(Status.class));

    /** The transition table: CREATING → RUNNING|DEAD; RUNNING ⇄ PAUSED; RUNNING|PAUSED → EXITED|DEAD. */
    public boolean canBecome(Status next) {
        return NEXT.get(this).contains(next);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
