package io.edgefusion.bench.kernel;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.LimitReader;
import io.edgefusion.kernel.cgroup.ResourceLimits;
import io.edgefusion.kernel.proc.ProcCgroup;
import io.edgefusion.kernel.resources.EffectiveResources;
import io.edgefusion.kernel.sys.CpuSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Effective resources of one process: the benchmark JVM's own pid, which {@code bench/kernel.sh} starts inside
 * limited cgroups. Target (issue 2): ≤ 0.5 ms per process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE, BenchJvm.EXPORTS})
public class EffectiveBench {
    private CgroupLayout layout;
    private long pid;
    private CgroupPaths paths;

    @Setup(Level.Trial)
    public void setUp() {
        layout = CgroupLayout.discover();
        pid = ProcessHandle.current().pid();
        paths = layout.pathsOf(ProcCgroup.ofPid(pid));
        EffectiveResources r = EffectiveResources.ofProcess(layout, pid);
        if (r.limits().memoryMax().isEmpty() || r.limits().cpuQuota().isEmpty()) {
            throw new IllegalStateException("pid " + pid + " has no memory or cpu hierarchy to read: " + paths);
        }
    }

    /** Everything: /proc/pid/cgroup, paths per controller, every limit up the tree, affinity, ergonomics. */
    @Benchmark
    public EffectiveResources ofProcess() {
        return EffectiveResources.ofProcess(layout, pid);
    }

    /** Only the limit files (leaf to mount root), with the process's cgroup directories already known. */
    @Benchmark
    public ResourceLimits limits() {
        return LimitReader.read(paths, Optional.<CpuSet>empty());
    }
}
