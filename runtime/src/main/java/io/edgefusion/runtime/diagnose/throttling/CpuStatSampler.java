package io.edgefusion.runtime.diagnose.throttling;

import io.edgefusion.kernel.cgroup.CgroupFiles;
import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.CgroupValues;
import io.edgefusion.kernel.cgroup.Controller;
import io.edgefusion.kernel.cgroup.ControllerDir;
import io.edgefusion.kernel.sys.KernelFiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Reads {@code cpu.stat} (and {@code cpuacct.usage} on v1, {@code cpu.pressure} where a cgroup2 directory has
 * it) of one cgroup at a fixed interval. Two or three small reads per tick, no ancestry walk: the watcher must
 * stay well under 1 % of the CPU it watches.
 */
public final class CpuStatSampler {
    /** Fine enough to place a pause of a few ms against a 100 ms CFS period. */
    public static final Duration INTERVAL = Duration.ofMillis(10);

    private final Path cpuStat;
    private final boolean unified;
    private final Optional<Path> usage;
    private final Optional<Path> pressure;

    public CpuStatSampler(CgroupPaths paths) {
        ControllerDir cpu = paths.dir(Controller.CPU).orElseThrow(() -> new IllegalArgumentException(
                "cgroup has no cpu controller: nothing to sample for throttling"));
        this.cpuStat = cpu.file(CgroupFiles.CPU_STAT);
        this.unified = cpu.unified();
        this.usage = unified ? Optional.empty()
                : paths.dir(Controller.CPUACCT).map(d -> d.file(CgroupFiles.V1_CPUACCT_USAGE));
        this.pressure = paths.unified().map(d -> d.file(CgroupFiles.CPU_PRESSURE))
                .filter(p -> p.toFile().exists());
    }

    public boolean hasPressure() {
        return pressure.isPresent();
    }

    /** One reading now; empty once the cgroup is gone (the workload ended and was removed). */
    public Optional<CpuSample> sample() {
        long now = System.nanoTime();
        Optional<String> stat = KernelFiles.readIfExists(cpuStat);
        if (stat.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> s = CgroupValues.parseFlatKeyed(cpuStat, stat.get());
        long used;
        long throttled;
        if (unified) {
            used = s.getOrDefault("usage_usec", -1L) * 1000;
            throttled = s.getOrDefault("throttled_usec", 0L) * 1000;
        } else {
            used = usage.flatMap(KernelFiles::readIfExists).map(c -> CgroupValues.parseCount(usage.get(), c))
                    .orElse(-1L);
            throttled = s.getOrDefault("throttled_time", 0L);
        }
        return Optional.of(new CpuSample(now, used, s.getOrDefault("nr_periods", 0L),
                s.getOrDefault("nr_throttled", 0L), throttled, pressure.map(CpuStatSampler::someTotal).orElse(-1L)));
    }

    /** {@code some avg10=… total=N}: N, the µs at least one task stalled. */
    static long someTotal(Path f) {
        return KernelFiles.readIfExists(f).map(c -> {
            int at = c.indexOf("total=");
            if (!c.startsWith("some ") || at < 0) {
                return -1L;
            }
            int end = at + 6;
            while (end < c.length() && Character.isDigit(c.charAt(end))) {
                end++;
            }
            return CgroupValues.parseCount(f, c.substring(at + 6, end));
        }).orElse(-1L);
    }

    /**
     * Samples every {@link #INTERVAL} on deadlines (no drift) for {@code window}, or until {@code stop} says so
     * or the cgroup disappears.
     */
    public List<CpuSample> run(Duration window, BooleanSupplier stop) {
        List<CpuSample> out = new ArrayList<>((int) (window.toMillis() / INTERVAL.toMillis()) + 2);
        long start = System.nanoTime();
        long end = start + window.toNanos();
        long step = INTERVAL.toNanos();
        for (long next = start; ; next += step) {
            Optional<CpuSample> s = sample();
            if (s.isEmpty()) {
                break;
            }
            out.add(s.get());
            if (next + step > end || stop.getAsBoolean()) {
                break;
            }
            long wait;
            while ((wait = next + step - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return out;
    }
}
