package io.edgefusion.kernel.cgroup;

/**
 * A setting that was accepted but not written, and why; the caller prints {@link #toString()} as one line.
 *
 * @param setting the kernel file the setting would have gone to
 */
public record CgroupWarning(String setting, String message) {
    @Override
    public String toString() {
        return setting + ": " + message;
    }
}
