package io.edgefusion.kernel.cgroup;

import java.nio.file.Path;
import java.util.Set;

/** How the host mounts cgroups. */
public sealed interface CgroupVersion {

    /** {@code v1}, {@code v2} or {@code hybrid}: the stable name used in output and JSON. */
    String label();

    /** Every controller in its own (or a co-mounted) v1 hierarchy; no cgroup2 mount. */
    record V1() implements CgroupVersion {
        @Override
        public String label() {
            return "v1";
        }
    }

    /** One cgroup2 hierarchy holds every controller. */
    record V2(Path mountPoint) implements CgroupVersion {
        @Override
        public String label() {
            return "v2";
        }
    }

    /**
     * v1 controllers plus a cgroup2 mount (systemd's "hybrid" mode, often at {@code /sys/fs/cgroup/unified}).
     * The cgroup2 side holds only controllers no v1 hierarchy claimed ({@code unifiedControllers}, often none),
     * but its core files still work: {@code cgroup.freeze}, {@code cgroup.kill} and PSI {@code *.pressure}.
     */
    record Hybrid(Path unifiedMount, Set<String> unifiedControllers) implements CgroupVersion {
        public Hybrid {
            unifiedControllers = Set.copyOf(unifiedControllers);
        }

        @Override
        public String label() {
            return "hybrid";
        }
    }
}
