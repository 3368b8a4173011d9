package io.edgefusion.bench.kernel;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.cgroup.StatsReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Full stats ({@link StatsReader#read}) of 100 sandbox-like cgroups, as {@code edgefusion stats} of a busy node
 * would read them. Target (issue 2): ≤ 10 ms for all 100 on a 2-core machine.
 * <p>The trial creates {@code /edgefusion-bench-<random>/cg-00 … cg-99} in every hierarchy (v1 controllers and,
 * on a hybrid host, the cgroup2 tree, whose PSI files are read too), each with memory, CPU and pids limits; every
 * tenth holds a sleeping process so usage counters are live. Teardown kills what runs there and removes the
 * subtree. {@code -Dedgefusion.bench.statsRoot=/edgefusion-bench-…} names the subtree, so a wrapper script can
 * clean it up even if the fork dies before teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.NATIVE, BenchJvm.EXPORTS})
public class StatsBench {
    static final int CGROUPS = 100;
    static final int SLEEPER_EVERY = 10;

    private CgroupManager top;
    private CgroupPaths[] paths;
    private final List<Process> sleepers = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        long t0 = System.nanoTime();
        CgroupLayout layout = CgroupLayout.discover();
        String root = System.getProperty("edgefusion.bench.statsRoot",
                "/edgefusion-bench-" + UUID.randomUUID().toString().substring(0, 8));
        top = CgroupManager.of(layout, root);
        top.create();
        try {
            populate(layout, root, t0);
        } catch (RuntimeException e) {
            // JMH skips @TearDown when @Setup fails: leave nothing behind either way.
            try {
                tearDown();
            } catch (RuntimeException | InterruptedException cleanup) {
                if (cleanup instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void populate(CgroupLayout layout, String root, long t0) {
        paths = new CgroupPaths[CGROUPS];
        LimitSettings limits = LimitSettings.none().withMemory(64L << 20).withCpus(0.5).withPidsMax(64);
        long createNanos = 0;
        for (int i = 0; i < CGROUPS; i++) {
            long c0 = System.nanoTime();
            CgroupManager m = CgroupManager.of(layout, String.format("%s/cg-%02d", root, i));
            m.create();
            m.apply(limits);
            createNanos += System.nanoTime() - c0;
            if (i % SLEEPER_EVERY == 0) {
                Process p = sleeper();
                sleepers.add(p);
                m.addTask(p.pid());
            }
            paths[i] = m.paths();
        }
        System.out.printf("edgefusion-bench: set up %d cgroups under %s in %.1f ms, of which create+apply %.1f ms"
                        + " (%d sleepers started and added)%n", CGROUPS, root, (System.nanoTime() - t0) / 1e6,
                createNanos / 1e6, sleepers.size());
        // Fail here, not in the measurement, if the layout lacks what the benchmark claims to read.
        CgroupStats s = StatsReader.read(paths[0]);
        if (s.cpu().isEmpty() || s.memory().isEmpty() || s.pids().isEmpty()) {
            throw new IllegalStateException("stats of " + root + "/cg-00 lack cpu, memory or pids: " + s);
        }
        if (s.pids().get().current() != 1) {
            throw new IllegalStateException("the sleeper did not land in " + root + "/cg-00: " + s.pids());
        }
    }

    private static Process sleeper() {
        try {
            return new ProcessBuilder("sleep", "3600")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        long t0 = System.nanoTime();
        long t1 = t0;
        try {
            top.killAll();
            t1 = System.nanoTime();
        } finally {
            for (Process p : sleepers) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            top.remove();
        }
        System.out.printf("edgefusion-bench: killAll %.1f ms, remove of %d cgroups %.1f ms (%s)%n",
                (t1 - t0) / 1e6, CGROUPS, (System.nanoTime() - t1) / 1e6, top.path());
    }

    @Benchmark
    public void stats100(Blackhole bh) {
        for (CgroupPaths p : paths) {
            bh.consume(StatsReader.read(p));
        }
    }
}
