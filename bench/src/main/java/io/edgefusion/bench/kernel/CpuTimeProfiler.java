package io.edgefusion.bench.kernel;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.options.TimeValue;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code -prof io.edgefusion.bench.kernel.CpuTimeProfiler}: CPU time (user + system, every thread of the fork)
 * per operation, as the secondary result {@code :cpu} in the benchmark's own unit.
 * <p>Why: on a shared machine, other processes preempt the benchmark and inflate wall time by whatever they
 * happened to run during <em>that</em> benchmark, so a ratio of two wall times measured a minute apart measures
 * the neighbours. CPU time only accrues while the fork runs, so the JDK / EdgeFusion ratio of CPU times holds up
 * under contention (caches and memory bandwidth are still shared). After warm-up the fork's other threads (JIT,
 * GC) add little; the kernel time of every {@code open}/{@code read}/{@code close} is included, as it should be.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long cpuAtStart;

    @Override
    public String getDescription() {
        return "process CPU time (user + system, all threads) per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        cpuAtStart = OS.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                       IterationResult result) {
        long cpuNanos = OS.getProcessCpuTime() - cpuAtStart;
        long ops = result.getMetadata().getMeasuredOps();
        TimeUnit unit = benchmark.getTimeUnit();
        double perOp = ops == 0 ? Double.NaN : (double) cpuNanos / ops / unit.toNanos(1);
        return List.of(new ScalarResult("cpu", perOp, TimeValue.tuToString(unit) + "/op", AggregationPolicy.AVG));
    }
}
