package io.edgefusion.kernel.cgroup;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One limit as one cgroup file states it.
 *
 * @param file  the file it was read from
 * @param raw   the file's content, stripped (for CPU quotas on v1: {@code "<quota> <period>"} of the two files)
 * @param value the limit in the unit of its {@link HierarchyLimit}; empty means unlimited
 */
public record LimitSource(Path file, String raw, OptionalLong value) {

    public Path dir() {
        return file.getParent();
    }

    /** True when this limit is strictly tighter than {@code other}. */
    public boolean tighterThan(LimitSource other) {
        if (value.isEmpty()) {
            return false;
        }
        return other.value.isEmpty() || value.getAsLong() < other.value.getAsLong();
    }
}
