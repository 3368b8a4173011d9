package io.edgefusion.kernel.cgroup;

/** v1 {@code freezer.state} values; v2 {@code cgroup.events frozen} maps 1 → FROZEN, 0 → THAWED. */
public enum FreezerState {
    THAWED, FREEZING, FROZEN
}
