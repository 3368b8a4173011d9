package io.edgefusion.bench.kernel;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.StatsReader;
import io.edgefusion.kernel.proc.ProcCgroup;
import io.edgefusion.kernel.resources.EffectiveResources;
import io.edgefusion.kernel.sys.CpuSet;
import jdk.internal.platform.Container;
import jdk.internal.platform.Metrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own container metrics ({@code jdk.internal.platform}, what {@code -XshowSettings:system} and the
 * {@code jdk.ContainerConfiguration} JFR event use) beside EdgeFusion, for the same cgroup in the same fork.
 * The JDK only reads the cgroups of its own process, so both sides read the fork's own cgroups, which
 * {@code bench/kernel.sh} creates with limits before starting JMH.
 * <p>Pairs, JDK time / EdgeFusion time is the ratio:
 * <ul>
 *   <li>{@link #snapshotJdk} vs {@link #snapshotEdgefusion}: one snapshot of limits and usage with the cgroup
 *       directories found once (the JDK's subsystem is a singleton; EdgeFusion's {@link CgroupPaths} are computed
 *       in setup).</li>
 *   <li>{@link #discoverJdk} vs {@link #discoverEdgefusion}: the same, plus finding the cgroups each time
 *       ({@code Container.metrics()} re-reads /proc/cgroups, mountinfo and /proc/self/cgroup on every call;
 *       EdgeFusion re-reads mountinfo and /proc/self/cgroup).</li>
 * </ul>
 * {@link #snapshotJdkWide} reads every JDK item with an EdgeFusion counterpart (adds user/system time, failcnt,
 * swap and soft limits, cpusets), closer to the amount EdgeFusion reads.
 * <p>Names put each pair next to each other in JMH's (alphabetical) run order, so a burst of other work on the
 * machine is more likely to hit both sides of a ratio alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE, BenchJvm.EXPORTS})
public class JdkMetricsBench {
    private Metrics metrics;
    private CgroupLayout layout;
    private CgroupPaths paths;
    private long pid;

    @Setup(Level.Trial)
    public void setUp() {
        metrics = Container.metrics();
        if (metrics == null) {
            throw new IllegalStateException("the JDK reports no container metrics here (no cgroup controllers it"
                    + " supports, or -XX:-UseContainerSupport); run through bench/kernel.sh");
        }
        if (metrics.getMemoryLimit() <= 0 || metrics.getCpuQuota() <= 0) {
            throw new IllegalStateException("the fork is not in a limited cgroup (JDK sees memory limit "
                    + metrics.getMemoryLimit() + ", cpu quota " + metrics.getCpuQuota()
                    + "); run through bench/kernel.sh so both sides read real limits");
        }
        layout = CgroupLayout.discover();
        pid = ProcessHandle.current().pid();
        paths = layout.pathsOf(ProcCgroup.ofPid(pid));
    }

    /** memory limit+usage, cpu quota/period/shares, effective cpus, pids max/current, cpu usage, throttling. */
    @Benchmark
    public void snapshotJdk(Blackhole bh) {
        readCore(metrics, bh);
    }

    @Benchmark
    public void snapshotJdkWide(Blackhole bh) {
        Metrics m = metrics;
        readCore(m, bh);
        bh.consume(m.getCpuUserUsage());
        bh.consume(m.getCpuSystemUsage());
        bh.consume(m.getMemoryFailCount());
        bh.consume(m.getMemoryAndSwapLimit());
        bh.consume(m.getMemoryAndSwapUsage());
        bh.consume(m.getMemorySoftLimit());
        bh.consume(m.getCpuSetCpus());
        bh.consume(m.getEffectiveCpuSetCpus());
        bh.consume(m.getEffectiveCpuSetMems());
    }

    @Benchmark
    public void discoverJdk(Blackhole bh) {
        readCore(Container.metrics(), bh);
    }

    private static void readCore(Metrics m, Blackhole bh) {
        bh.consume(m.getMemoryLimit());
        bh.consume(m.getMemoryUsage());
        bh.consume(m.getCpuQuota());
        bh.consume(m.getCpuPeriod());
        bh.consume(m.getCpuShares());
        bh.consume(m.getEffectiveCpuCount());
        bh.consume(m.getPidsMax());
        bh.consume(m.getPidsCurrent());
        bh.consume(m.getCpuUsage());
        bh.consume(m.getCpuNumPeriods());
        bh.consume(m.getCpuNumThrottled());
        bh.consume(m.getCpuThrottledTime());
    }

    /** Limits (with binding level), usable CPUs (cpuset ∩ affinity), ergonomics, and the usage counters. */
    @Benchmark
    public void snapshotEdgefusion(Blackhole bh) {
        bh.consume(EffectiveResources.of(layout, paths, Optional.of(CpuSet.affinityOf((int) pid))));
        bh.consume(StatsReader.read(paths));
    }

    @Benchmark
    public void discoverEdgefusion(Blackhole bh) {
        CgroupLayout l = CgroupLayout.discover();
        EffectiveResources r = EffectiveResources.ofProcess(l, pid);
        bh.consume(r);
        bh.consume(StatsReader.read(r.paths()));
    }
}
