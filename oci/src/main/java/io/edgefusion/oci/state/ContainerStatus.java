package io.edgefusion.oci.state;

import java.util.Locale;

/** The runtime-spec's statuses, plus {@code paused} as runc reports a frozen container. */
public enum ContainerStatus {
    CREATING, CREATED, RUNNING, PAUSED, STOPPED;

    /** The word the spec's state JSON uses. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
