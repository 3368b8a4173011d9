package io.edgefusion.kernel.cgroup;

import java.util.List;

/**
 * How {@link CgroupManager#update} changes a cgroup: writes that must precede the limits (a group leaving idle
 * before it takes shares; a burst lowered before its quota), the {@link LimitSettings} for
 * {@link CgroupManager#apply}, the remaining writes in order, and what it leaves out with a warning. Made before
 * anything is written, so a setting this host cannot honour is refused with nothing changed.
 *
 * @param limits the settings' limits, less what a warning says is not written
 */
public record ResourcePlan(List<CgroupWrite> beforeLimits, LimitSettings limits, List<CgroupWrite> afterLimits,
                           List<CgroupWarning> warnings) {

    public ResourcePlan {
        beforeLimits = List.copyOf(beforeLimits);
        afterLimits = List.copyOf(afterLimits);
        warnings = List.copyOf(warnings);
    }

    /** Every write of the plan except the limits', in the order they happen. */
    public List<CgroupWrite> writes() {
        return java.util.stream.Stream.concat(beforeLimits.stream(), afterLimits.stream()).toList();
    }

    /** Runs the plan; the first rejection stops it (earlier writes stay, as with any cgroup update). */
    void execute(CgroupManager m) {
        beforeLimits.forEach(CgroupWrite::run);
        m.apply(limits);
        afterLimits.forEach(CgroupWrite::run);
    }
}
