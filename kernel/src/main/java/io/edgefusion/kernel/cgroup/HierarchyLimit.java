package io.edgefusion.kernel.cgroup;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A limit read at a cgroup and at every visible ancestor that states it, leaf first. The kernel enforces the
 * tightest of them, so that one "binds". Runtimes that read only the leaf (Go 1.25, automaxprocs) miss an
 * ancestor that is tighter; this type makes the difference explicit.
 *
 * @param leafDir the cgroup the limit was asked for (it may itself not state the limit, e.g. a v2 cgroup whose
 *                parent does not delegate the controller)
 * @param chain   every level that has the file, leaf first; never empty
 */
public record HierarchyLimit(String name, Unit unit, Path leafDir, List<LimitSource> chain) {

    /** The unit of {@link LimitSource#value()}. */
    public enum Unit {
        BYTES,
        /** Millionths of a CPU: quota × 1e6 / period, so 50000/100000 is 500000. */
        MICRO_CPUS,
        COUNT
    }

    public HierarchyLimit {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a hierarchy limit needs at least one level");
        }
    }

    /** The level nearest the leaf (the leaf itself when it states the limit). */
    public LimitSource leaf() {
        return chain.getFirst();
    }

    /** The level that binds: the tightest; on a tie the one nearest the leaf. */
    public LimitSource binding() {
        LimitSource best = chain.getFirst();
        for (LimitSource s : chain) {
            if (s.tighterThan(best)) {
                best = s;
            }
        }
        return best;
    }

    /** The limit the kernel enforces on the leaf; empty when no level sets one. */
    public OptionalLong effective() {
        return binding().value();
    }

    /** True when an ancestor of the leaf is strictly tighter than the leaf's own setting. */
    public boolean ancestorTighter() {
        return !binding().dir().equals(leafDir);
    }
}
