package io.edgefusion.oci.cli;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import io.edgefusion.sandbox.oci.config.Resources;
import io.edgefusion.sandbox.oci.plan.OciResources;
import io.edgefusion.oci.lifecycle.Runtime;
import io.edgefusion.oci.state.ContainerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code update}: new limits for a live container, from {@code --resources FILE} ({@code -} = stdin) or flags. */
@Command(name = "update", description = "Change a container's resource limits while it runs.")
final class UpdateCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Option(names = {"-r", "--resources"}, paramLabel = "FILE", description = "linux.resources JSON; - for stdin")
    String resources;

    @Option(names = {"-m", "--memory"}, paramLabel = "BYTES")
    Long memory;

    @Option(names = "--memory-swap", paramLabel = "BYTES")
    Long memorySwap;

    @Option(names = "--cpu-quota", paramLabel = "MICROS")
    Long cpuQuota;

    @Option(names = "--cpu-period", paramLabel = "MICROS")
    Long cpuPeriod;

    @Option(names = "--cpu-share", paramLabel = "SHARES")
    Long cpuShares;

    @Option(names = "--cpuset-cpus", paramLabel = "LIST")
    String cpus;

    @Option(names = "--cpuset-mems", paramLabel = "LIST")
    String mems;

    @Option(names = "--pids-limit", paramLabel = "N")
    Long pids;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws Exception {
        Runtime rt = root.runtime();
        var r = rt.require(id, "update", ContainerStatus.CREATED, ContainerStatus.RUNNING, ContainerStatus.PAUSED);
        var settings = resources == null ? io.edgefusion.kernel.cgroup.ResourceSettings.none()
                : OciResources.settings(read(), rt.warn());
        LimitSettings s = settings.limits();
        if (memory != null) {
            s = s.withMemory(memory);
        }
        if (memorySwap != null) {
            s = s.withMemorySwap(memorySwap);
        }
        if (cpuQuota != null || cpuPeriod != null) {
            s = s.withCpuQuota(cpuQuota == null ? -1 : cpuQuota,
                    cpuPeriod == null ? LimitSettings.DEFAULT_PERIOD_MICROS : cpuPeriod);
        }
        if (cpuShares != null) {
            s = s.withCpuShares(cpuShares);
        }
        if (cpus != null || mems != null) {
            s = s.withCpuset(cpus, mems);
        }
        if (pids != null) {
            s = s.withPidsMax(pids <= 0 ? -1 : pids);
        }
        rt.cgroup(r).update(settings.withLimits(s)).forEach(w -> rt.warn().accept(w.setting() + ": " + w.message()));
        return 0;
    }

    private Resources read() throws java.io.IOException {
        if (!resources.equals("-")) {
            return OciConfigs.parse(root.path(resources), Resources.class);
        }
        Path tmp = Files.createTempFile("edgefusion-oci-resources-", ".json");
        try {
            Files.write(tmp, root.call.in().readAllBytes());
            return OciConfigs.parse(tmp, Resources.class);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
