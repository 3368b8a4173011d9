package io.edgefusion.sandbox.state;

import java.util.Locale;

/**
 * Where a sandbox is in its life. The first three are recorded; the others are what {@code ps} derives from the
 * record and the live system (a recorded RUNNING sandbox whose process is gone without an exit record is DEAD).
 */
public enum Status {
    /** Resources are being made; the creating CLI is still alive. */
    CREATING,
    RUNNING,
    EXITED,
    /** Frozen through the cgroup freezer. */
    PAUSED,
    /** Half-made or lost: its creator or its reaper died. {@code rm -f} or {@code gc} removes it. */
    DEAD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
