package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.UnsupportedHost;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raw cgroup2 keys ({@code memory.high → 1G}) for the cgroup's directory in the cgroup2 tree. A key names its
 * controller before the first dot; {@code cgroup.*} core files need none. Refused, naming the key, where the host
 * has no cgroup2 tree, where the controller is not enabled in the cgroup's directory (on a hybrid host: where the
 * controller is on v1), or where the file does not exist.
 */
final class UnifiedPlanner {
    private static final String CORE = "cgroup";

    private UnifiedPlanner() {
    }

    static void plan(PlanTargets t, Map<String, String> unified, List<CgroupWrite> writes) {
        for (Map.Entry<String, String> e : unified.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1 || key.contains("/") || key.contains("\0")) {
                throw new IllegalArgumentException("unified key \"" + key + "\": not a cgroup2 file name"
                        + " (<controller>.<file>)");
            }
            ControllerDir d = t.paths().unified().orElseThrow(() -> new UnsupportedHost("unified key " + key
                    + ": this host has no cgroup2 tree (cgroup " + t.layout().version().label() + ")"));
            String controller = key.substring(0, dot);
            Set<String> enabled = PlanTargets.controllers(d.dir());
            if (!controller.equals(CORE) && !enabled.contains(controller)) {
                throw new UnsupportedHost("unified key " + key + ": " + (onV1(t.layout(), controller)
                        ? "the " + controller + " controller is on cgroup v1 on this host (the cgroup2 tree holds "
                        + (enabled.isEmpty() ? "none" : String.join(" ", enabled)) + ")"
                        : "controller " + controller + " is not enabled in " + d.dir() + " (" + CgroupFiles.CONTROLLERS
                        + ": " + String.join(" ", enabled) + ")"));
            }
            Path f = d.file(key);
            if (!Files.exists(f)) {
                throw new UnsupportedHost("unified key " + key + ": " + f + " does not exist");
            }
            writes.add(new CgroupWrite(f, e.getValue()));
        }
    }

    /** True when a v1 hierarchy holds the controller ({@code io} is {@code blkio} there). */
    private static boolean onV1(CgroupLayout layout, String v2Name) {
        String v1Name = Arrays.stream(Controller.values()).filter(c -> c.v2Name().filter(v2Name::equals).isPresent())
                .map(Controller::v1Name).findFirst().orElse(v2Name);
        return layout.mounts().stream().anyMatch(m -> !m.unified() && m.has(v1Name));
    }
}
