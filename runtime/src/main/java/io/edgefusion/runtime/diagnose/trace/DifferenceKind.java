package io.edgefusion.runtime.diagnose.trace;

/** How the two resolutions of one path differ. */
public enum DifferenceKind {
    MISSING_INSIDE("missing-inside", "found outside, not inside"),
    MISSING_OUTSIDE("missing-outside", "found inside, not outside"),
    DENIED_INSIDE("denied-inside", "refused inside (EACCES/EPERM)"),
    DENIED_OUTSIDE("denied-outside", "refused outside (EACCES/EPERM)"),
    FAILED_INSIDE("failed-inside", "fails inside only"),
    FAILED_OUTSIDE("failed-outside", "fails outside only"),
    DIFFERENT_ERRORS("different-errors", "fails differently"),
    DIFFERENT_TARGET("different-target", "another file"),
    PROC_ROOT_PREFIX("proc-root-prefix", "same file, path differs by /proc/PID/root");

    private final String id;
    private final String description;

    DifferenceKind(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name in the JSON document. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }
}
