package io.edgefusion.kernel.cgroup;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directories of one cgroup (or one process's cgroups) for each controller the host offers.
 *
 * @param unified the cgroup's place in the cgroup2 tree, when one is mounted: core files and PSI live there, even
 *                on a hybrid host whose controllers are all v1
 * @param notes   controllers that could not be placed, and why
 */
public record CgroupPaths(CgroupVersion version, Map<Controller, ControllerDir> dirs,
                          Optional<ControllerDir> unified, List<String> notes) {

    public CgroupPaths {
        // EnumMap keeps controllers in declaration order for stable output.
        dirs = dirs.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(dirs));
        notes = List.copyOf(notes);
    }

    /** The same paths restricted to {@code controllers} (what a manager creates and removes). */
    public CgroupPaths only(java.util.Collection<Controller> controllers) {
        Map<Controller, ControllerDir> kept = new java.util.EnumMap<>(Controller.class);
        dirs.forEach((c, d) -> {
            if (controllers.contains(c)) {
                kept.put(c, d);
            }
        });
        return new CgroupPaths(version, kept, unified, notes);
    }

    public Optional<ControllerDir> dir(Controller c) {
        return Optional.ofNullable(dirs.get(c));
    }
}
