package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.resources.EffectiveResources;
import io.edgefusion.kernel.sys.CpuSet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime settings a sandbox's environment gets from its own limits (GOMAXPROCS, GOMEMLIMIT,
 * JAVA_TOOL_OPTIONS), computed by the kernel layer from the sandbox's cgroup once its limits are written.
 * A variable the user set is never overridden.
 */
final class Ergonomics {
    private Ergonomics() {
    }

    /** The variables to inject: those the user did not set. */
    static Map<String, String> inject(CgroupLayout layout, String cgroupPath, Map<String, String> userEnv) {
        // The sandbox inherits the helper's affinity, which is ours.
        CpuSet affinity = CpuSet.affinityOf((int) ProcessHandle.current().pid());
        EffectiveResources r = EffectiveResources.of(layout, layout.pathsOf(cgroupPath), Optional.of(affinity));
        Map<String, String> out = new LinkedHashMap<>();
        r.ergonomics().environment().forEach((k, v) -> {
            if (!userEnv.containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
