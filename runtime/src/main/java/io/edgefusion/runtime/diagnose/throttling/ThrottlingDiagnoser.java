package io.edgefusion.runtime.diagnose.throttling;

import io.edgefusion.kernel.cgroup.CgroupFiles;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupPaths;
import io.edgefusion.kernel.cgroup.CgroupValues;
import io.edgefusion.kernel.cgroup.Controller;
import io.edgefusion.kernel.cgroup.ControllerDir;
import io.edgefusion.kernel.proc.ProcCgroup;
import io.edgefusion.kernel.resources.EffectiveResources;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.sandbox.LogOptions;
import io.edgefusion.sandbox.Sandboxes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Samples a target's cgroup for a window, reads its GC lines, correlates, concludes. */
public final class ThrottlingDiagnoser {
    static final long DEFAULT_PERIOD = 100_000_000L;
    /** {@code 2026-12-03T11:40:00.123Z } as {@code logs -t} prefixes each line. */
    private static final int STAMP_LENGTH = 25;

    private final Sandboxes sandboxes;

    public ThrottlingDiagnoser(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    public ThrottlingDiagnosis diagnose(ThrottlingTarget t, Duration window) {
        CgroupLayout layout = sandboxes.layout();
        CgroupPaths paths = layout.pathsOf(ProcCgroup.ofPid(t.pid()));
        EffectiveResources r = EffectiveResources.ofProcess(layout, t.pid());
        OptionalDouble quota = r.quotaCpus();
        CpuStatSampler sampler = new CpuStatSampler(paths);
        ClockMap clock = ClockMap.now();
        List<CpuSample> samples = sampler.run(window, () -> false);
        List<LogLine> lines = t.sandboxId() == null ? List.of() : log(t.sandboxId());
        GcEvents gc = GcEvents.read(lines, clock);
        long period = period(paths);
        Correlation c = Correlator.correlate(samples, gc.pauses(), period);
        int fits = quota.isPresent() ? gc.fits(quota.getAsDouble()) : 0;
        int par = gc.parallelism().orElse(0);
        Verdict v = quota.isEmpty() ? Verdict.of(c, 0, 0) : Verdict.of(c, par, fits);
        String cgroup = paths.dir(Controller.CPU).map(ControllerDir::cgroupPath).orElse("?");
        return new ThrottlingDiagnosis(t.given(), t.sandboxId(), t.pid(), cgroup, quota, period, gc, fits, c, v,
                clock, sampler.hasPressure());
    }

    /** The CFS period of the cgroup itself (the quota's period), 100 ms when unreadable. */
    static long period(CgroupPaths paths) {
        return paths.dir(Controller.CPU).map(d -> {
            if (d.unified()) {
                var f = d.file(CgroupFiles.V2_CPU_MAX);
                return KernelFiles.readIfExists(f).map(s -> CgroupValues.parseV2CpuMax(f, s)[1] * 1000)
                        .orElse(DEFAULT_PERIOD);
            }
            var f = d.file(CgroupFiles.V1_CFS_PERIOD);
            return KernelFiles.readIfExists(f).map(s -> CgroupValues.parseCount(f, s) * 1000).orElse(DEFAULT_PERIOD);
        }).orElse(DEFAULT_PERIOD);
    }

    /** Both streams of the sandbox's log with the reaper's times, as {@code logs -t} gives them. */
    private List<LogLine> log(String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        sandboxes.logs(id, new LogOptions(false, -1, 0, Long.MAX_VALUE, true), out, err);
        List<LogLine> lines = new ArrayList<>();
        parse(out, lines);
        parse(err, lines);
        return lines;
    }

    static void parse(ByteArrayOutputStream stream, List<LogLine> into) {
        for (String l : stream.toString(StandardCharsets.UTF_8).split("\n")) {
            if (l.length() <= STAMP_LENGTH || l.charAt(STAMP_LENGTH - 1) != ' ') {
                continue;
            }
            try {
                long ms = Instant.parse(l.substring(0, STAMP_LENGTH - 1)).toEpochMilli();
                into.add(new LogLine(ms, l.substring(STAMP_LENGTH)));
            } catch (java.time.format.DateTimeParseException e) {
                // a line's continuation without its own stamp: not a GC line
            }
        }
    }
}
