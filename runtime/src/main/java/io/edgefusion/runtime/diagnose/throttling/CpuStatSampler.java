package io.edgefusion.runtime.diagnose.throttling;

import io.edgefusion.kernel.cgroup.CgroupFiles;
import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.Controller;
import io.edgefusion.kernel.cgroup.ControllerDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Reads {@code cpu.stat} (and {@code cpuacct.usage} on v1) of one cgroup at a fixed interval from files kept
 * open, and {@code cpu.pressure} (where a cgroup2 directory has it) at the window's ends only, since only its
 * growth is reported. One or two small reads per tick, no ancestry walk: the watcher must stay under 1 % of the
 * CPU it watches.
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

    /** One reading from open files; empty once the cgroup is gone. Pressure only when asked (first and last). */
    private static Optional<CpuSample> sample(CounterFile stat, Optional<CounterFile> usage,
                                              Optional<CounterFile> pressure, boolean unified, boolean withPressure) {
        long now = System.nanoTime();
        if (!stat.read()) {
            return Optional.empty();
        }
        long used;
        long throttled;
        if (unified) {
            used = stat.value("usage_usec") * 1000;
            throttled = Math.max(0, stat.value("throttled_usec")) * 1000;
        } else {
            used = usage.filter(CounterFile::read).map(CounterFile::number).orElse(-1L);
            throttled = Math.max(0, stat.value("throttled_time"));
        }
        long psi = withPressure ? pressure.filter(CounterFile::read).map(p -> p.field("total=")).orElse(-1L) : -1;
        return Optional.of(new CpuSample(now, used, Math.max(0, stat.value("nr_periods")),
                Math.max(0, stat.value("nr_throttled")), throttled, psi));
    }

    /**
     * Samples every {@link #INTERVAL} on deadlines (no drift) for {@code window}, or until {@code stop} says so
     * or the cgroup disappears.
     */
    public List<CpuSample> run(Duration window, BooleanSupplier stop) {
        List<CpuSample> out = new ArrayList<>((int) (window.toMillis() / INTERVAL.toMillis()) + 2);
        Optional<CounterFile> stat = CounterFile.open(cpuStat);
        if (stat.isEmpty()) {
            return out;
        }
        Optional<CounterFile> use = usage.flatMap(CounterFile::open);
        Optional<CounterFile> psi = pressure.flatMap(CounterFile::open);
        try {
            long start = System.nanoTime();
            long end = start + window.toNanos();
            long step = INTERVAL.toNanos();
            for (long next = start; ; next += step) {
                boolean last = next + step > end || stop.getAsBoolean();
                Optional<CpuSample> s = sample(stat.get(), use, psi, unified, out.isEmpty() || last);
                if (s.isEmpty()) {
                    break;
                }
                out.add(s.get());
                if (last) {
                    break;
                }
                long wait;
                while ((wait = next + step - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } finally {
            stat.get().close();
            use.ifPresent(CounterFile::close);
            psi.ifPresent(CounterFile::close);
        }
        return out;
    }
}
