package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.resources.EffectiveResources;
import io.edgefusion.kernel.sys.CpuSet;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.testing.Processes;
import io.edgefusion.kernel.testing.TestCgroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives this host's real cgroups through {@link CgroupManager#of}: whatever version the host runs (this machine:
 * hybrid), create → apply → attach → read back → freeze/thaw → kill all → remove.
 */
@KernelTest
class CgroupManagerKernelTest {
    private static final long MIB = 1L << 20;
    private final TestCgroup tc = new TestCgroup();
    private final Processes procs = new Processes();

    @AfterEach
    void cleanUp() {
        procs.close();
        tc.close();
    }

    @Test
    void everyLimitSetIsReadBackFromItsOwnFile() throws Exception {
        CgroupManager leaf = tc.create("leaf");
        leaf.apply(LimitSettings.none().withMemory(64 * MIB).withMemorySwap(96 * MIB)
                .withMemoryReservation(32 * MIB).withCpuQuota(50_000, 100_000).withCpuShares(512)
                .withCpuset("0", "0").withPidsMax(20));
        Process p = procs.sleeper();
        leaf.addTask(p.pid());

        assertThat(leaf.pids()).containsExactly(p.pid());
        String cg = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cgroup"));
        assertThat(cg).contains("memory:" + leaf.path()).contains("pids:" + leaf.path());

        EffectiveResources r = EffectiveResources.ofProcess(tc.layout(), p.pid());
        ResourceLimits l = r.limits();
        HierarchyLimit mem = l.memoryMax().orElseThrow();
        assertThat(mem.effective()).hasValue(64 * MIB);
        assertThat(mem.ancestorTighter()).isFalse();
        assertThat(mem.binding().file()).isEqualTo(leafDir(leaf, Controller.MEMORY).resolve(memoryFile(leaf)));
        assertThat(r.memoryLimit()).hasValue(64 * MIB);
        assertThat(l.memoryLow().orElseThrow().leaf().value()).hasValue(32 * MIB);
        if (!leaf.paths().dir(Controller.MEMORY).orElseThrow().unified()) {
            assertThat(l.swapMax().orElseThrow().effective()).hasValue(32 * MIB); // memsw 96 − mem 64
            assertThat(l.memoryHierarchical().orElseThrow().value()).hasValue(64 * MIB);
        }
        assertThat(l.cpuQuota().orElseThrow().effective()).hasValue(500_000); // 0.5 CPU in micro-CPUs
        assertThat(r.quotaCpus()).hasValue(0.5);
        CpuWeight w = l.cpuWeight().orElseThrow();
        assertThat(w.shares()).isEqualTo(512);
        assertThat(w.weight()).isEqualTo(59);
        assertThat(l.cpuset().orElseThrow().effective()).isEqualTo(CpuSet.parse("0", null));
        assertThat(r.usableCpus()).isEqualTo(CpuSet.parse("0", null));
        assertThat(l.pidsMax().orElseThrow().effective()).hasValue(20);

        assertThat(r.ergonomics().cpuCount()).isEqualTo(1);
        assertThat(r.ergonomics().gomaxprocs()).isEqualTo(1); // Go's floor of 2 yields to a one-CPU cpuset
        assertThat(r.ergonomics().gomemlimit()).hasValue(64 * MIB * 9 / 10);
        assertThat(r.ergonomics().jvmFlags()).containsExactly("-XX:ActiveProcessorCount=1", "-Xmx32m");

        CgroupStats s = leaf.stats();
        assertThat(s.pids().orElseThrow().current()).isEqualTo(1);
        assertThat(s.pids().orElseThrow().max()).hasValue(20);
        assertThat(s.memory()).isPresent();
        assertThat(s.cpu()).isPresent();
    }

    @Test
    void anAncestorTighterThanTheLeafBindsAndIsFlagged() throws java.io.IOException {
        CgroupManager parent = tc.create("");
        parent.apply(LimitSettings.none().withMemory(32 * MIB).withCpuQuota(20_000, 100_000).withPidsMax(5));
        CgroupManager leaf = tc.create("leaf");
        leaf.apply(LimitSettings.none().withMemory(64 * MIB).withPidsMax(-1));
        Process p = procs.sleeper();
        leaf.addTask(p.pid());

        EffectiveResources r = EffectiveResources.ofProcess(tc.layout(), p.pid());
        HierarchyLimit mem = r.limits().memoryMax().orElseThrow();
        assertThat(mem.leaf().value()).hasValue(64 * MIB);
        assertThat(mem.effective()).hasValue(32 * MIB);
        assertThat(mem.ancestorTighter()).isTrue();
        assertThat(mem.binding().dir()).isEqualTo(leafDir(parent, Controller.MEMORY));

        HierarchyLimit cpu = r.limits().cpuQuota().orElseThrow();
        assertThat(cpu.leaf().value()).isEmpty();
        assertThat(cpu.effective()).hasValue(200_000);
        assertThat(cpu.ancestorTighter()).isTrue();

        HierarchyLimit pids = r.limits().pidsMax().orElseThrow();
        assertThat(pids.leaf().value()).isEmpty();
        assertThat(pids.effective()).hasValue(5);
        assertThat(pids.ancestorTighter()).isTrue();

        assertThat(r.ergonomics().cpuCount()).isEqualTo(1);
        // Go 1.25's rule (docs/ergonomics.md): min(|cpuset ∩ affinity|, max(2, ceil(quota / period))), with the
        // usable CPUs read from the kernel's own view of the task, so the expectation holds on any host.
        int usable = allowedCpus(p.pid()).count();
        assertThat(r.ergonomics().gomaxprocs()).isEqualTo(Math.min(usable, Math.max(2, (int) Math.ceil(0.2))));
        assertThat(r.ergonomics().memoryBudget()).hasValue(32 * MIB);
    }

    /** The CPUs the kernel lets a task run on (its cpuset ∩ affinity): {@code Cpus_allowed_list} of its status. */
    private static CpuSet allowedCpus(long pid) throws java.io.IOException {
        String line = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
        return CpuSet.parse(line.substring(line.indexOf(':') + 1).strip(), null);
    }

    @Test
    void freezeStopsTheWorkloadAndThawResumesIt() throws Exception {
        CgroupManager leaf = tc.create("frozen");
        Process busy = procs.sh("while :; do :; done");
        leaf.addTask(busy.pid());
        assertThat(leaf.freezerState()).isEqualTo(FreezerState.THAWED);

        leaf.freeze();
        assertThat(leaf.freezerState()).isEqualTo(FreezerState.FROZEN);
        assertGetsNoCpuWhileAControlLoopRuns(procs, busy.pid());

        leaf.thaw();
        assertThat(leaf.freezerState()).isEqualTo(FreezerState.THAWED);
        long b = cpuTicks(busy.pid());
        assertThat(CgroupDirs.await(() -> ticks(busy.pid()) > b, java.time.Duration.ofSeconds(10)))
                .as("a thawed busy loop runs again").isTrue();
    }

    /**
     * A frozen task's CPU time does not move while a busy loop outside its cgroup gains a few ticks: the window
     * is CPU work the kernel counted, not a wall-clock sleep, so a loaded or a 16-CPU host judges it alike.
     */
    static void assertGetsNoCpuWhileAControlLoopRuns(Processes procs, long frozenPid) throws Exception {
        long a = cpuTicks(frozenPid);
        Process control = procs.sh("while :; do :; done");
        long c0 = cpuTicks(control.pid());
        assertThat(CgroupDirs.await(() -> ticks(control.pid()) >= c0 + 5, java.time.Duration.ofSeconds(30)))
                .as("the control loop ran").isTrue();
        assertThat(cpuTicks(frozenPid)).as("a frozen task gets no CPU").isEqualTo(a);
        control.destroyForcibly().waitFor();
    }

    private static long ticks(long pid) {
        try {
            return cpuTicks(pid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void killAllEmptiesTheCgroupEvenWhileTasksFork() throws Exception {
        CgroupManager leaf = tc.create("forky");
        // High enough that the loop never meets the limit (dash exits when fork fails).
        leaf.apply(LimitSettings.none().withPidsMax(2000));
        // The shell joins the cgroup itself before it starts forking, so every child is born inside.
        Path procsFile = leafDir(leaf, Controller.PIDS).resolve(CgroupFiles.PROCS);
        Process forker = procs.sh("echo $$ > " + procsFile + "; while :; do sleep 5 & sleep 0.005; done");
        assertThat(CgroupDirs.await(() -> leaf.pids().size() > 10, java.time.Duration.ofSeconds(5))).isTrue();

        leaf.killAll();

        assertThat(leaf.pids()).isEmpty();
        assertThat(forker.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(forker.exitValue()).isEqualTo(137);
        leaf.remove();
        for (ControllerDir d : leaf.paths().dirs().values()) {
            assertThat(d.dir()).doesNotExist();
        }
    }

    @Test
    void removeLeavesNothingInAnyHierarchy() {
        CgroupManager parent = tc.create("");
        CgroupManager leaf = tc.create("a/b");
        assertThat(leaf.paths().dirs().values()).allSatisfy(d -> assertThat(d.dir()).isDirectory());
        parent.remove();
        assertThat(parent.paths().dirs().values()).allSatisfy(d -> assertThat(d.dir()).doesNotExist());
        parent.paths().unified().ifPresent(u -> assertThat(u.dir()).doesNotExist());
    }

    @Test
    void createIsIdempotentAndSeedsV1Cpusets() {
        CgroupManager leaf = tc.create("x/y");
        leaf.create();
        leaf.paths().dir(Controller.CPUSET).filter(d -> !d.unified()).ifPresent(d -> {
            assertThat(KernelFiles.read(d.file(CgroupFiles.CPUSET_CPUS))).isNotBlank();
            assertThat(KernelFiles.read(d.file(CgroupFiles.CPUSET_MEMS))).isNotBlank();
        });
    }

    static Path leafDir(CgroupManager m, Controller c) {
        return m.paths().dir(c).orElseThrow().dir();
    }

    private static String memoryFile(CgroupManager m) {
        return m.paths().dir(Controller.MEMORY).orElseThrow().unified() ? CgroupFiles.V2_MEMORY_MAX
                : CgroupFiles.V1_MEMORY_LIMIT;
    }

    /** utime + stime of a process, from /proc/<pid>/stat fields 14 and 15. */
    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
