package io.edgefusion.node.deploy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a revision is in its life. pending (stored) → rolling-out → rolled-out (it is what runs) or failed (it
 * never took over); a rolled-out revision later becomes superseded (a newer deploy took over) or rolled-back (a
 * rollback undid it).
 */
public enum RevisionStatus {
    PENDING, ROLLING_OUT, ROLLED_OUT, FAILED, SUPERSEDED, ROLLED_BACK;

    /** As stored, printed and sent: {@code rolling-out}. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RevisionStatus> of(String spelling) {
        return Arrays.stream(values()).filter(s -> s.spelling().equals(spelling)).findFirst();
    }

    /** Whether the revision ran as the deployment at some point: what {@code rollback} may go back to. */
    public boolean wasRolledOut() {
        return this == ROLLED_OUT || this == SUPERSEDED || this == ROLLED_BACK;
    }
}
