package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.testing.BlockDevices;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.testing.LoopDevice;
import io.edgefusion.kernel.testing.Processes;
import io.edgefusion.kernel.testing.TestCgroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * runc's {@code update} and {@code events --stats} on this host's real cgroups: a cgroup with a running task takes
 * new limits of every kind; a memory limit below what the task holds is the kernel's own refusal; and the event
 * stats count I/O the test causes on a loop device it attaches.
 */
@KernelTest
class LiveUpdateKernelTest {
    private static final long MIB = 1L << 20;
    private final TestCgroup tc = new TestCgroup();
    private final Processes procs = new Processes();

    @AfterEach
    void cleanUp() {
        procs.close();
        tc.close();
    }

    /** A shell that joins the memory cgroup itself, then holds 16 MiB of anonymous memory until killed. */
    private Process holdAnonymousMemory(CgroupManager m) {
        Path memProcs = m.paths().dir(Controller.MEMORY).orElseThrow().file(PROCS);
        // The string lives in the shell's heap: anonymous, and with no swap (or swappiness 0) not reclaimable.
        return procs.sh("echo $$ > " + memProcs + "; x=$(head -c " + 16 * MIB + " /dev/zero | tr '\\0' a); read y");
    }

    @Test
    void aRunningCgroupTakesEveryKindOfLimitAndAMemoryLimitBelowUseIsTheKernelsRefusal() {
        BlockDevices.Device dev = BlockDevices.first();
        HugePageSize page = HugePageSize.onHost().getFirst();
        CgroupManager leaf = tc.create("live");
        ControllerDir mem = leaf.paths().dir(Controller.MEMORY).orElseThrow();
        MemoryExtras noSwap = mem.unified() ? MemoryExtras.none() : MemoryExtras.none().withSwappiness(0);
        leaf.update(ResourceSettings.of(LimitSettings.none().withMemory(256 * MIB).withPidsMax(64)).withMemory(noSwap));
        Process p = holdAnonymousMemory(leaf);
        leaf.addTask(p.pid());
        assertThat(CgroupDirs.await(() -> leaf.stats().memory().orElseThrow().current() >= 16 * MIB,
                Duration.ofSeconds(30))).as("the task holds 16 MiB").isTrue();

        leaf.update(ResourceSettings.of(LimitSettings.none().withMemory(128 * MIB).withCpuQuota(50_000, 100_000)
                        .withPidsMax(32))
                .withCpu(CpuExtras.none().withBurst(10_000))
                .withBlockIo(BlockIoSettings.none().withThrottle(IoThrottle.WRITE_BPS, dev.major(), dev.minor(), 4 * MIB))
                .withHugepage(new HugepageLimit(page, 2 * page.bytes())));

        assertThat(p.isAlive()).isTrue();
        assertThat(leaf.pids()).contains(p.pid());
        assertThat(StatsReader.memoryLimit(leaf.paths())).hasValue(128 * MIB);
        assertThat(leaf.limits().cpuQuota().orElseThrow().leaf().value()).hasValue(500_000); // 0.5 CPU
        assertThat(leaf.stats().pids().orElseThrow().max()).hasValue(32);
        ControllerDir cpu = leaf.paths().dir(Controller.CPU).orElseThrow();
        assertThat(KernelFiles.read(cpu.file(cpu.unified() ? V2_CPU_MAX_BURST : V1_CFS_BURST))).isEqualTo("10000\n");
        ControllerDir io = leaf.paths().dir(Controller.IO).orElseThrow();
        assertThat(KernelFiles.read(io.file(io.unified() ? V2_IO_MAX : V1_BLKIO_THROTTLE_WRITE_BPS)))
                .contains(dev.number() + (io.unified() ? " rbps=max wbps=" : " ") + 4 * MIB);
        assertThat(leaf.eventStats().hugetlb()).filteredOn(h -> h.size().equals(page)).singleElement()
                .satisfies(h -> assertThat(h.limit()).hasValue(2 * page.bytes()));

        Path limitFile = mem.file(mem.unified() ? V2_MEMORY_MAX : V1_MEMORY_LIMIT);
        ResourceSettings tooLow = ResourceSettings.of(LimitSettings.none().withMemory(4 * MIB));
        if (mem.unified()) {
            // v2 takes any limit, reclaims, and OOM-kills what it cannot reclaim.
            leaf.update(tooLow);
            assertThat(CgroupDirs.await(() -> !p.isAlive(), Duration.ofSeconds(30))).isTrue();
            return;
        }
        assertThatThrownBy(() -> leaf.update(tooLow)).isInstanceOfSatisfying(ErrnoException.class, e -> {
            assertThat(e.is(Errno.EBUSY)).isTrue();
            assertThat(e.target()).isEqualTo(limitFile.toString());
            assertThat(e.getMessage()).isEqualTo("write \"" + 4 * MIB + "\" to " + limitFile
                    + ": EBUSY (Device or resource busy)");
        });
        assertThat(StatsReader.memoryLimit(leaf.paths())).as("the old limit stays").hasValue(128 * MIB);
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void eventStatsCountTheIoOfALoopDeviceAndCarryTheMemoryLimitAndCache(@TempDir Path tmp) throws Exception {
        Path backing = tmp.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(4 * MIB);
        }
        try (LoopDevice loop = LoopDevice.attach(backing)) {
            BlockDevices.Device dev = loop.device();
            CgroupManager leaf = tc.create("events");
            // A throttle rule (far above any real rate) also switches on v1's per-cgroup I/O accounting for the device.
            leaf.update(ResourceSettings.of(LimitSettings.none().withMemory(64 * MIB)).withBlockIo(BlockIoSettings.none()
                    .withThrottle(IoThrottle.READ_BPS, dev.major(), dev.minor(), 1L << 40)));
            Path ioProcs = leaf.paths().dir(Controller.IO).orElseThrow().file(PROCS);
            Process dd = procs.sh("echo $$ > " + ioProcs + " && dd if=" + loop.node() + " of=/dev/null bs=4096 count=8"
                    + " iflag=direct && dd if=/dev/zero of=" + loop.node() + " bs=4096 count=4 oflag=direct");
            assertThat(dd.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(dd.exitValue()).isZero();

            EventStats s = leaf.eventStats();
            // Direct I/O in 4 KiB blocks: one request each, nothing from a page cache or read-ahead.
            assertThat(s.blockIo()).filteredOn(d -> d.major() == dev.major() && d.minor() == dev.minor())
                    .singleElement().isEqualTo(new EventStats.DeviceIo(dev.major(), dev.minor(), 8 * 4096, 4 * 4096,
                            8, 4));
            assertThat(s.memoryLimit()).hasValue(64 * MIB);
            assertThat(s.memoryCache()).isPresent();
            assertThat(s.cgroup().cpu()).isPresent();
            assertThat(s.cgroup().memory()).isPresent();
            assertThat(s.cgroup().pids()).isPresent();
        }
    }
}
