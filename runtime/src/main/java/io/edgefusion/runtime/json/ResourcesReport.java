package io.edgefusion.runtime.json;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.kernel.cgroup.StatsReader;
import io.edgefusion.kernel.resources.EffectiveResources;
import io.edgefusion.kernel.resources.jdk.JdkComparison;
import io.edgefusion.kernel.resources.jdk.JdkProbe;
import io.edgefusion.kernel.resources.jdk.JdkSettings;
import io.edgefusion.kernel.sys.CpuSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything {@code edgefusion resources} shows, gathered once and rendered as text or JSON.
 *
 * @param pid    the process asked about, or empty for {@code --cgroup}
 * @param cgroup the cgroup path asked about, or empty for a process
 */
public record ResourcesReport(OptionalLong pid, Optional<String> cgroup, CgroupLayout layout,
                              EffectiveResources resources, CgroupStats stats, Jdk jdk) {

    /** The JDK side of the comparison. */
    public sealed interface Jdk {
        record Compared(Path java, JdkSettings settings, List<JdkComparison.Row> rows) implements Jdk {
        }

        record Unavailable(String reason) implements Jdk {
        }
    }

    public static ResourcesReport ofProcess(CgroupLayout layout, long pid, Optional<Path> java) {
        EffectiveResources r = EffectiveResources.ofProcess(layout, pid);
        return new ResourcesReport(OptionalLong.of(pid), Optional.empty(), layout, r, StatsReader.read(r.paths()),
                jdk(r, java));
    }

    public static ResourcesReport ofCgroup(CgroupLayout layout, String path, Optional<Path> java) {
        EffectiveResources r = EffectiveResources.ofCgroup(layout, path);
        return new ResourcesReport(OptionalLong.empty(), Optional.of(path), layout, r, StatsReader.read(r.paths()),
                jdk(r, java));
    }

    private static Jdk jdk(EffectiveResources r, Optional<Path> java) {
        if (java.isEmpty()) {
            return new Jdk.Unavailable("skipped (--no-jdk)");
        }
        try {
            JdkSettings s = JdkProbe.run(java.get(), JdkProbe.procsFiles(r.paths()));
            CpuSet probeAffinity = CpuSet.affinityOf((int) ProcessHandle.current().pid());
            return new Jdk.Compared(java.get(), s, JdkComparison.compare(r, s, probeAffinity));
        } catch (IOException e) {
            return new Jdk.Unavailable(e.getMessage());
        }
    }
}
