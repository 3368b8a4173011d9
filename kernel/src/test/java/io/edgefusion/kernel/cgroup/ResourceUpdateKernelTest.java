package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.UnsupportedHost;
import io.edgefusion.kernel.testing.BlockDevices;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.testing.TestCgroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CgroupManager#update} of everything beyond {@link LimitSettings} on this host's real cgroups, read back
 * from the files. Each controller's directory says where the host keeps it (this machine: blkio, cpu and memory on
 * v1, hugetlb only in the cgroup2 tree), and the expectations follow from that, so a pure-v1 or pure-v2 host runs
 * the same test against its own files; the fixture tests pin every branch down on captured trees.
 */
@KernelTest
class ResourceUpdateKernelTest {
    private final TestCgroup tc = new TestCgroup();

    @AfterEach
    void cleanUp() {
        tc.close();
    }

    private static String read(Path f) {
        return KernelFiles.read(f);
    }

    @Test
    void blockIoWeightAndThrottlesOnTheFirstBlockDevice() {
        BlockDevices.Device dev = BlockDevices.first();
        CgroupManager leaf = tc.create("io");
        leaf.update(ResourceSettings.none().withBlockIo(BlockIoSettings.none().withWeight(300)
                .withThrottle(IoThrottle.READ_BPS, dev.major(), dev.minor(), 1 << 20)
                .withThrottle(IoThrottle.WRITE_BPS, dev.major(), dev.minor(), 2 << 20)
                .withThrottle(IoThrottle.READ_IOPS, dev.major(), dev.minor(), 100)
                .withThrottle(IoThrottle.WRITE_IOPS, dev.major(), dev.minor(), 200)));

        ControllerDir io = leaf.paths().dir(Controller.IO).orElseThrow();
        if (io.unified()) {
            assertThat(read(io.file(V2_IO_MAX))).contains(dev.number() + " rbps=1048576 wbps=2097152 riops=100 wiops=200");
            assertThat(read(io.file(Files.exists(io.file(V2_IO_BFQ_WEIGHT)) ? V2_IO_BFQ_WEIGHT : V2_IO_WEIGHT)))
                    .contains(Files.exists(io.file(V2_IO_BFQ_WEIGHT)) ? "300" : "default " + BlockIoSettings.v2Weight(300));
        } else {
            assertThat(read(io.file(V1_BLKIO_THROTTLE_READ_BPS))).isEqualTo(dev.number() + " 1048576\n");
            assertThat(read(io.file(V1_BLKIO_THROTTLE_WRITE_BPS))).isEqualTo(dev.number() + " 2097152\n");
            assertThat(read(io.file(V1_BLKIO_THROTTLE_READ_IOPS))).isEqualTo(dev.number() + " 100\n");
            assertThat(read(io.file(V1_BLKIO_THROTTLE_WRITE_IOPS))).isEqualTo(dev.number() + " 200\n");
            String weightFile = Files.exists(io.file(V1_BLKIO_WEIGHT)) ? V1_BLKIO_WEIGHT : V1_BLKIO_BFQ_WEIGHT;
            assertThat(read(io.file(weightFile)).strip()).isEqualTo("300");
        }

        // A rate of 0 lifts that one limit; the others stay.
        leaf.update(ResourceSettings.none().withBlockIo(BlockIoSettings.none()
                .withThrottle(IoThrottle.READ_BPS, dev.major(), dev.minor(), 0)));
        if (io.unified()) {
            assertThat(read(io.file(V2_IO_MAX))).doesNotContain("rbps=1048576").contains("wbps=2097152");
        } else {
            assertThat(read(io.file(V1_BLKIO_THROTTLE_READ_BPS))).doesNotContain(dev.number());
            assertThat(read(io.file(V1_BLKIO_THROTTLE_WRITE_BPS))).isEqualTo(dev.number() + " 2097152\n");
        }
    }

    /**
     * Per-device weights exist only where a weight-aware scheduler drives the device: CFQ's file takes any device,
     * BFQ's only one whose queue runs bfq — elsewhere the kernel says EOPNOTSUPP, which the error explains.
     */
    @Test
    void aPerDeviceWeightIsWrittenOrRefusedByTheDevicesScheduler() {
        BlockDevices.Device dev = BlockDevices.first();
        CgroupManager leaf = tc.create("wd");
        ControllerDir io = leaf.paths().dir(Controller.IO).orElseThrow();
        ResourceSettings s = ResourceSettings.none().withBlockIo(BlockIoSettings.none()
                .withDeviceWeight(DeviceWeight.of(dev.major(), dev.minor(), 300)));
        boolean cfq = !io.unified() && Files.exists(io.file(V1_BLKIO_WEIGHT_DEVICE));
        boolean bfqFile = Files.exists(io.file(io.unified() ? V2_IO_BFQ_WEIGHT : V1_BLKIO_BFQ_WEIGHT_DEVICE));
        String file = io.unified() ? (bfqFile ? V2_IO_BFQ_WEIGHT : V2_IO_WEIGHT)
                : cfq ? V1_BLKIO_WEIGHT_DEVICE : V1_BLKIO_BFQ_WEIGHT_DEVICE;
        if (cfq || !bfqFile || dev.scheduler().equals("bfq")) {
            leaf.update(s);
            assertThat(read(io.file(file))).contains(dev.number() + " ");
        } else {
            assertThatThrownBy(() -> leaf.update(s)).isInstanceOfSatisfying(UnsupportedHost.class, e -> {
                assertThat(e.getMessage()).startsWith("write \"" + dev.number() + " 300\" to " + io.file(file)
                        + ": EOPNOTSUPP").contains("is not driven by the bfq I/O scheduler");
                assertThat(e.getCause()).isInstanceOfSatisfying(ErrnoException.class,
                        c -> assertThat(c.is(Errno.EOPNOTSUPP)).isTrue());
            });
        }
    }

    @Test
    void hugepageLimitsForEverySizeTheKernelHas() {
        List<HugePageSize> sizes = HugePageSize.onHost();
        assertThat(sizes).as("huge page sizes in %s", HugePageSize.SYSFS).isNotEmpty();
        CgroupManager leaf = tc.create("huge");
        ResourceSettings s = ResourceSettings.none();
        for (HugePageSize size : sizes) {
            s = s.withHugepage(new HugepageLimit(size, 2 * size.bytes()));
        }
        leaf.update(s);

        ControllerDir h = leaf.paths().dir(Controller.HUGETLB).orElseThrow();
        String limitFile = h.unified() ? V2_HUGETLB_MAX : V1_HUGETLB_LIMIT;
        String rsvdFile = h.unified() ? V2_HUGETLB_RSVD_MAX : V1_HUGETLB_RSVD_LIMIT;
        for (HugePageSize size : sizes) {
            String want = Long.toString(2 * size.bytes());
            assertThat(read(h.file(hugetlb(size.name(), limitFile))).strip()).as(size.name()).isEqualTo(want);
            if (Files.exists(h.file(hugetlb(size.name(), rsvdFile)))) {
                assertThat(read(h.file(hugetlb(size.name(), rsvdFile))).strip()).isEqualTo(want);
            }
        }
        assertThat(leaf.eventStats().hugetlb()).extracting(EventStats.Hugetlb::size).containsExactlyElementsOf(sizes);
        assertThat(leaf.eventStats().hugetlb()).allSatisfy(u -> {
            assertThat(u.limit()).hasValue(2 * u.size().bytes());
            assertThat(u.usage()).isZero();
            assertThat(u.failcnt()).isZero();
        });

        leaf.update(ResourceSettings.none().withHugepage(new HugepageLimit(sizes.getFirst(), -1)));
        assertThat(leaf.eventStats().hugetlb().getFirst().limit()).as("-1 lifts the limit").isEmpty();

        HugePageSize absent = Stream.of("64KB", "32MB", "16GB").map(HugePageSize::parse)
                .filter(z -> !sizes.contains(z)).findFirst().orElseThrow();
        assertThatThrownBy(() -> leaf.update(ResourceSettings.none().withHugepage(new HugepageLimit(absent, 0))))
                .isInstanceOf(UnsupportedHost.class)
                .hasMessage(hugetlb(absent.name(), limitFile) + " is missing in " + h.dir()
                        + ": this host's huge page sizes are "
                        + sizes.stream().map(HugePageSize::name).collect(Collectors.joining(", ")));
    }

    @Test
    void memorySwappinessOomKillerAndTheDeprecatedKernelLimits() {
        CgroupManager leaf = tc.create("mem");
        ControllerDir mem = leaf.paths().dir(Controller.MEMORY).orElseThrow();
        if (mem.unified()) {
            assertThatThrownBy(() -> leaf.update(ResourceSettings.none().withMemory(MemoryExtras.none().withSwappiness(0))))
                    .isInstanceOf(UnsupportedHost.class).hasMessageStartingWith("memory.swappiness: cgroup v2 has no");
            assertThatThrownBy(() -> leaf.update(ResourceSettings.none()
                    .withMemory(MemoryExtras.none().withOomKillerDisabled(true))))
                    .isInstanceOf(UnsupportedHost.class).hasMessageContaining("cannot disable the OOM killer");
            return;
        }
        String kmemBefore = KernelFiles.readIfExists(mem.file(V1_MEMORY_KMEM_LIMIT)).orElse("");
        List<CgroupWarning> warnings = leaf.update(ResourceSettings.none().withMemory(MemoryExtras.none()
                .withSwappiness(0).withOomKillerDisabled(true).withKernel(64L << 20).withKernelTcp(16L << 20)));
        assertThat(read(mem.file(V1_MEMORY_SWAPPINESS))).isEqualTo("0\n");
        assertThat(read(mem.file(V1_MEMORY_OOM_CONTROL))).contains("oom_kill_disable 1\n");
        assertThat(warnings).extracting(CgroupWarning::setting)
                .containsExactly(V1_MEMORY_KMEM_LIMIT, V1_MEMORY_KMEM_TCP_LIMIT);
        assertThat(warnings.getFirst().toString()).startsWith(V1_MEMORY_KMEM_LIMIT + ": kernel memory limits are"
                + " deprecated");
        assertThat(KernelFiles.readIfExists(mem.file(V1_MEMORY_KMEM_LIMIT)).orElse("")).isEqualTo(kmemBefore);

        leaf.update(ResourceSettings.none().withMemory(MemoryExtras.none().withOomKillerDisabled(false)));
        assertThat(read(mem.file(V1_MEMORY_OOM_CONTROL))).contains("oom_kill_disable 0\n");
    }

    @Test
    void realtimeBandwidthIsOrderedAgainstTheCurrentRuntime() {
        CgroupManager parent = tc.create("");
        CgroupManager leaf = tc.create("rt");
        ControllerDir cpu = leaf.paths().dir(Controller.CPU).orElseThrow();
        if (cpu.unified()) {
            assertThatThrownBy(() -> leaf.update(ResourceSettings.none()
                    .withCpu(CpuExtras.none().withRealtime(1000, 100000))))
                    .isInstanceOf(UnsupportedHost.class).hasMessageContaining("exists only on cgroup v1");
            return;
        }
        // A child's real-time share must fit in its parent's, and a new cgroup has none.
        parent.update(ResourceSettings.none().withCpu(CpuExtras.none().withRealtime(20_000, 1_000_000)));
        leaf.update(ResourceSettings.none().withCpu(CpuExtras.none().withRealtime(10_000, 1_000_000)));
        assertThat(read(cpu.file(V1_CPU_RT_RUNTIME))).isEqualTo("10000\n");
        assertThat(read(cpu.file(V1_CPU_RT_PERIOD))).isEqualTo("1000000\n");

        // A period below the current runtime: written period-first the kernel refuses it (EINVAL).
        leaf.update(ResourceSettings.none().withCpu(CpuExtras.none().withRealtime(50, 5_000)));
        assertThat(read(cpu.file(V1_CPU_RT_RUNTIME))).isEqualTo("50\n");
        assertThat(read(cpu.file(V1_CPU_RT_PERIOD))).isEqualTo("5000\n");
    }

    @Test
    void idleDropsSharesWithAWarningAndLeavingIdleComesBeforeThem() {
        CgroupManager leaf = tc.create("idle");
        ControllerDir cpu = leaf.paths().dir(Controller.CPU).orElseThrow();
        String weightFile = cpu.unified() ? V2_CPU_WEIGHT : V1_CPU_SHARES;
        List<CgroupWarning> w = leaf.update(ResourceSettings.of(LimitSettings.none().withCpuShares(512))
                .withCpu(CpuExtras.none().withIdle(1)));
        assertThat(read(cpu.file(CPU_IDLE))).isEqualTo("1\n");
        assertThat(w).singleElement().satisfies(x -> assertThat(x.setting()).isEqualTo(weightFile));

        leaf.update(ResourceSettings.of(LimitSettings.none().withCpuShares(512)).withCpu(CpuExtras.none().withIdle(0)));
        assertThat(read(cpu.file(CPU_IDLE))).isEqualTo("0\n");
        assertThat(read(cpu.file(weightFile)).strip()).isEqualTo(cpu.unified() ? "59" : "512");
    }

    @Test
    void burstFollowsOrPrecedesTheQuotaItMustFitIn() {
        CgroupManager leaf = tc.create("burst");
        ControllerDir cpu = leaf.paths().dir(Controller.CPU).orElseThrow();
        Path burst = cpu.file(cpu.unified() ? V2_CPU_MAX_BURST : V1_CFS_BURST);
        // Raising quota and burst together: the burst exceeds the old quota, so it goes after the new one.
        leaf.update(ResourceSettings.of(LimitSettings.none().withCpuQuota(50_000, 100_000))
                .withCpu(CpuExtras.none().withBurst(20_000)));
        leaf.update(ResourceSettings.of(LimitSettings.none().withCpuQuota(80_000, 100_000))
                .withCpu(CpuExtras.none().withBurst(60_000)));
        assertThat(read(burst)).isEqualTo("60000\n");
        // Lowering both: the burst must shrink before the quota does.
        leaf.update(ResourceSettings.of(LimitSettings.none().withCpuQuota(30_000, 100_000))
                .withCpu(CpuExtras.none().withBurst(10_000)));
        assertThat(read(burst)).isEqualTo("10000\n");
        // Beyond its quota the kernel itself refuses the burst, naming the file.
        assertThatThrownBy(() -> leaf.update(ResourceSettings.none().withCpu(CpuExtras.none().withBurst(40_000))))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.is(Errno.EINVAL)).isTrue();
                    assertThat(e.target()).isEqualTo(burst.toString());
                });
    }

    @Test
    void unifiedKeysGoWhereTheCgroup2TreeHoldsTheirController() {
        CgroupManager leaf = tc.create("unified");
        CgroupVersion v = tc.layout().version();
        if (v instanceof CgroupVersion.V1) {
            assertThatThrownBy(() -> leaf.update(ResourceSettings.none().withUnified("pids.max", "5")))
                    .isInstanceOf(UnsupportedHost.class)
                    .hasMessage("unified key pids.max: this host has no cgroup2 tree (cgroup v1)");
            return;
        }
        ControllerDir u = leaf.paths().unified().orElseThrow();
        leaf.update(ResourceSettings.none().withUnified("cgroup.max.descendants", "5"));
        assertThat(read(u.file("cgroup.max.descendants"))).isEqualTo("5\n");

        if (v instanceof CgroupVersion.Hybrid h && !h.unifiedControllers().contains("memory")) {
            String held = String.join(" ", PlanTargets.controllers(u.dir()));
            assertThatThrownBy(() -> leaf.update(ResourceSettings.none().withUnified("cgroup.max.descendants", "7")
                    .withUnified("memory.high", "1G")))
                    .isInstanceOf(UnsupportedHost.class)
                    .hasMessage("unified key memory.high: the memory controller is on cgroup v1 on this host (the"
                            + " cgroup2 tree holds " + (held.isEmpty() ? "none" : held) + ")");
            assertThat(read(u.file("cgroup.max.descendants"))).as("a refusal writes nothing").isEqualTo("5\n");
        }
        if (PlanTargets.controllers(u.dir()).contains("hugetlb")) {
            String key = hugetlb(HugePageSize.onHost().getFirst().name(), V2_HUGETLB_MAX);
            leaf.update(ResourceSettings.none().withUnified(key, Long.toString(HugePageSize.onHost().getFirst().bytes())));
            assertThat(read(u.file(key)).strip()).isEqualTo(Long.toString(HugePageSize.onHost().getFirst().bytes()));
        }
        assertThatThrownBy(() -> leaf.update(ResourceSettings.none().withUnified("../cgroup.procs", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"../cgroup.procs\"");
    }
}
