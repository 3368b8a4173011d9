package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.CpuSet;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CPUs and memory nodes a cgroup may use. The kernel publishes the effective sets (already intersected with
 * every ancestor and with the online CPUs); a process may narrow them further with its own affinity.
 *
 * @param chain           every level's requested {@code cpuset.cpus}, leaf first (empty values mean "inherit" on v2)
 * @param effectiveFile   {@code cpuset.effective_cpus} (v1) or {@code cpuset.cpus.effective} (v2)
 * @param effective       what the kernel grants the leaf
 * @param effectiveMems   memory nodes the kernel grants the leaf
 * @param affinity        the process's {@code sched_getaffinity} set, when a process was asked about
 */
public record CpusetLimit(List<Level> chain, Path effectiveFile, CpuSet effective, CpuSet effectiveMems,
                          Optional<CpuSet> affinity) {

    /** One level's request. */
    public record Level(Path file, CpuSet cpus) {
    }

    public CpusetLimit {
        chain = List.copyOf(chain);
    }

    /** CPUs the process can really run on: effective ∩ affinity. */
    public CpuSet usable() {
        return affinity.map(effective::intersect).orElse(effective);
    }

    /**
     * The level whose request is narrowest (on a tie, the one nearest the leaf); its file is where the binding
     * restriction was written. Empty when no level restricts anything.
     */
    public Optional<Level> binding() {
        Level best = null;
        for (Level l : chain) {
            if (!l.cpus().isEmpty() && (best == null || l.cpus().count() < best.cpus().count())) {
                best = l;
            }
        }
        return Optional.ofNullable(best);
    }

    /** True when an ancestor narrows the leaf's CPUs beyond its own request. */
    public boolean ancestorTighter() {
        if (chain.isEmpty()) {
            return false;
        }
        Level leaf = chain.getFirst();
        return binding().map(b -> b != leaf && (leaf.cpus().isEmpty()
                || b.cpus().count() < leaf.cpus().count())).orElse(false);
    }
}
