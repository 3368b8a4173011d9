package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.sys.CpuSet;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;
import io.edgefusion.sandbox.spec.SandboxSpec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rejects a spec before anything is created, with one line naming the flag and the reason: docker's rules where
 * docker has them (memory at least 6 MiB, positive CPUs, a cpuset inside the online CPUs).
 */
final class SpecValidator {
    private SpecValidator() {
    }

    static void validate(SandboxSpec spec) {
        if (spec.layers().isEmpty()) {
            throw new IllegalArgumentException("no root filesystem given");
        }
        for (Path p : spec.layers()) {
            if (!Files.isDirectory(p)) {
                throw new IllegalArgumentException("root filesystem " + p + ": "
                        + (Files.exists(p) ? "not a directory" : "no such directory"));
            }
        }
        if (spec.command().isEmpty()) {
            throw new IllegalArgumentException("no command given: edgefusion run ROOTFS -- CMD [ARG...]");
        }
        if (spec.external() != null && spec.rootless()) {
            throw new IllegalArgumentException("--rootless cannot use a root overlay prepared elsewhere");
        }
        if (!spec.workdir().startsWith("/")) {
            throw new IllegalArgumentException("--workdir " + spec.workdir() + ": must be an absolute path");
        }
        // --device and --tmpfs: a missing or non-device node, bad letters or options fail here, before any state.
        io.edgefusion.sandbox.launch.DevicePolicy.granted(spec.devices());
        for (io.edgefusion.sandbox.spec.MountSpec m : spec.mounts()) {
            if (m instanceof io.edgefusion.sandbox.spec.MountSpec.Tmpfs t) {
                io.edgefusion.sandbox.spec.TmpfsOptions.parse(t.options(), "--tmpfs " + t.target());
            }
        }
        LimitSettings l = spec.limits();
        l.memoryBytes().ifPresent(m -> LimitRules.memory(Long.toString(m), m));
        l.memoryReservation().ifPresent(r -> l.memoryBytes().ifPresent(m ->
                LimitRules.reservation(Long.toString(r), r, Long.toString(m), m)));
        l.memorySwapBytes().ifPresent(ms -> {
            if (ms >= 0 && l.memoryBytes().isPresent() && ms < l.memoryBytes().getAsLong()) {
                throw new IllegalArgumentException("--memory-swap " + ms + ": must be at least --memory ("
                        + l.memoryBytes().getAsLong() + "), or -1 for unlimited swap");
            }
            if (ms >= 0 && l.memoryBytes().isEmpty()) {
                throw new IllegalArgumentException("--memory-swap needs --memory as well");
            }
        });
        l.cpuQuotaMicros().ifPresent(q -> {
            if (q > 0 && l.cpuPeriodMicros().isPresent()) {
                double cpus = (double) q / l.cpuPeriodMicros().getAsLong();
                LimitRules.cpus(LimitRules.shown(cpus), cpus);
            }
            if (q == 0 || q > 0 && q < 1000) {
                throw new IllegalArgumentException("--cpus: a quota below 0.01 CPU (1 ms per 100 ms) is refused"
                        + " by the kernel");
            }
        });
        l.pidsMax().ifPresent(p -> {
            if (p == 0) {
                throw new IllegalArgumentException("--pids-limit 0: use a positive number, or -1 for unlimited");
            }
        });
        l.cpusetCpus().ifPresent(SpecValidator::cpuset);
        CapabilityBounds.check(spec.capAdd(), spec.capDrop());
        l.cpuShares().ifPresent(s -> {
            if (s < 2 || s > 262144) {
                throw new IllegalArgumentException("--cpu-shares " + s + ": must be between 2 and 262144");
            }
        });
        l.cpuWeight().ifPresent(w -> {
            if (w < 1 || w > 10000) {
                throw new IllegalArgumentException("--cpu-weight " + w + ": must be between 1 and 10000");
            }
        });
    }

    private static void cpuset(String cpus) {
        CpuSet want;
        try {
            want = CpuSet.parse(cpus, Path.of("--cpuset-cpus"));
        } catch (MalformedKernelFile e) {
            throw new IllegalArgumentException("--cpuset-cpus " + cpus + ": not a CPU list like 0-1,3");
        }
        Path online = Path.of("/sys/devices/system/cpu/online");
        CpuSet have = CpuSet.parse(KernelFiles.read(online), online);
        if (want.isEmpty() || !want.isSubsetOf(have)) {
            throw new IllegalArgumentException("--cpuset-cpus " + cpus + ": outside the online CPUs " + have);
        }
    }
}
