package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;

/** Reads {@link CgroupStats} of one cgroup: a handful of small files per controller, no ancestry walk. */
public final class StatsReader {
    private StatsReader() {
    }

    public static CgroupStats read(CgroupPaths paths) {
        return read(paths, true);
    }

    /**
     * What {@code stats} and the metrics show, from fewer files: without swap use, the failure count and the
     * user/system split of CPU time (those stay empty); {@link #read} has everything, for {@code resources}.
     */
    public static CgroupStats summary(CgroupPaths paths) {
        return read(paths, false);
    }

    private static CgroupStats read(CgroupPaths paths, boolean full) {
        Optional<ControllerDir> psiDir = paths.unified();
        return new CgroupStats(
                paths.dir(Controller.CPU).map(d -> cpu(d, paths.dir(Controller.CPUACCT), full)),
                paths.dir(Controller.MEMORY).flatMap(d -> memory(d, full)),
                paths.dir(Controller.PIDS).flatMap(StatsReader::pids),
                psiDir.flatMap(d -> pressure(d.file(CPU_PRESSURE))),
                psiDir.flatMap(d -> pressure(d.file(MEMORY_PRESSURE))),
                psiDir.flatMap(d -> pressure(d.file(IO_PRESSURE))));
    }

    /**
     * The memory limit set on this cgroup itself — v1 {@code memory.limit_in_bytes}, v2 {@code memory.max} —
     * empty when none is set (or at a root cgroup). One file and no ancestry walk, for {@code stats} of many
     * sandboxes; {@link LimitReader} gives the tightest limit over the ancestry.
     */
    public static OptionalLong memoryLimit(CgroupPaths paths) {
        Optional<ControllerDir> d = paths.dir(Controller.MEMORY);
        if (d.isEmpty()) {
            return OptionalLong.empty();
        }
        Path f = d.get().file(d.get().unified() ? V2_MEMORY_MAX : V1_MEMORY_LIMIT);
        return KernelFiles.readIfExists(f).map(c -> d.get().unified() ? CgroupValues.parseV2Limit(f, c)
                : CgroupValues.parseV1Bytes(f, c)).orElse(OptionalLong.empty());
    }

    private static CgroupStats.Cpu cpu(ControllerDir d, Optional<ControllerDir> acct, boolean full) {
        Path f = d.file(CPU_STAT);
        // v2 always has cpu.stat (usage is a core stat); a v1 cpu hierarchy may lack it only on ancient kernels.
        Optional<String> content = KernelFiles.readIfExists(f);
        Map<String, Long> stat = content.map(c -> CgroupValues.parseFlatKeyed(f, c)).orElse(Map.of());
        long periods = stat.getOrDefault("nr_periods", 0L);
        long throttled = stat.getOrDefault("nr_throttled", 0L);
        if (d.unified()) {
            String c = content.orElseThrow(() -> new MalformedKernelFile(f, "", "missing"));
            return new CgroupStats.Cpu(
                    OptionalLong.of(CgroupValues.require(stat, "usage_usec", f, c) * 1000),
                    micros(stat.get("user_usec")), micros(stat.get("system_usec")),
                    periods, throttled, stat.getOrDefault("throttled_usec", 0L) * 1000);
        }
        OptionalLong usage = OptionalLong.empty();
        OptionalLong user = OptionalLong.empty();
        OptionalLong sys = OptionalLong.empty();
        if (acct.isPresent() && !full) {
            usage = count(acct.get().file(V1_CPUACCT_USAGE));
        } else if (acct.isPresent()) {
            // One file instead of three where the kernel has it (4.16+): usage is exactly user + system.
            Path all = acct.get().file(V1_CPUACCT_USAGE_ALL);
            Optional<String> perCpu = KernelFiles.readIfExists(all);
            if (perCpu.isPresent()) {
                long[] us = usageAll(all, perCpu.get());
                user = OptionalLong.of(us[0]);
                sys = OptionalLong.of(us[1]);
                usage = OptionalLong.of(us[0] + us[1]);
            } else {
                usage = count(acct.get().file(V1_CPUACCT_USAGE));
                user = count(acct.get().file(V1_CPUACCT_USAGE_USER));
                sys = count(acct.get().file(V1_CPUACCT_USAGE_SYS));
            }
        }
        return new CgroupStats.Cpu(usage, user, sys, periods, throttled, stat.getOrDefault("throttled_time", 0L));
    }

    /** {@code cpuacct.usage_all}: a header, then {@code cpu user system} per CPU in ns; the sums. */
    static long[] usageAll(Path f, String content) {
        long user = 0;
        long sys = 0;
        String[] lines = content.split("\n");
        if (!lines[0].startsWith("cpu ")) {
            throw new MalformedKernelFile(f, content, "expected the header 'cpu user system'");
        }
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cols = lines[i].trim().split("\\s+");
            try {
                user += Long.parseLong(cols[1]);
                sys += Long.parseLong(cols[2]);
            } catch (RuntimeException e) {
                throw new MalformedKernelFile(f, content, "line " + (i + 1) + " is not 'cpu user system' in ns");
            }
        }
        return new long[] {user, sys};
    }

    private static OptionalLong micros(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v * 1000);
    }

    private static OptionalLong count(Path f) {
        return KernelFiles.readIfExists(f).map(s -> OptionalLong.of(CgroupValues.parseCount(f, s)))
                .orElse(OptionalLong.empty());
    }

    /** Empty at a root cgroup, which has no usage files of its own. */
    private static Optional<CgroupStats.Memory> memory(ControllerDir d, boolean full) {
        if (d.unified()) {
            Path cur = d.file(V2_MEMORY_CURRENT);
            Optional<String> raw = KernelFiles.readIfExists(cur);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            long current = CgroupValues.parseCount(cur, raw.get());
            Path ev = d.file(V2_MEMORY_EVENTS);
            Map<String, Long> events = KernelFiles.readIfExists(ev).map(c -> CgroupValues.parseFlatKeyed(ev, c))
                    .orElse(Map.of());
            return Optional.of(new CgroupStats.Memory(current, count(d.file(V2_MEMORY_PEAK)),
                    full ? count(d.file(V2_MEMORY_SWAP_CURRENT)) : OptionalLong.empty(), OptionalLong.empty(),
                    opt(events.get("max")), opt(events.get("high")),
                    events.getOrDefault("oom", 0L), events.getOrDefault("oom_kill", 0L)));
        }
        Path use = d.file(V1_MEMORY_USAGE);
        Optional<String> raw = KernelFiles.readIfExists(use);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        long current = CgroupValues.parseCount(use, raw.get());
        Path oc = d.file(V1_MEMORY_OOM_CONTROL);
        Map<String, Long> oom = KernelFiles.readIfExists(oc).map(c -> CgroupValues.parseFlatKeyed(oc, c))
                .orElse(Map.of());
        OptionalLong memsw = full ? count(d.file(V1_MEMSW_USAGE)) : OptionalLong.empty();
        OptionalLong swap = memsw.isPresent() ? OptionalLong.of(Math.max(0, memsw.getAsLong() - current))
                : OptionalLong.empty();
        return Optional.of(new CgroupStats.Memory(current, count(d.file(V1_MEMORY_MAX_USAGE)), swap,
                full ? count(d.file(V1_MEMORY_FAILCNT)) : OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(),
                oom.getOrDefault("under_oom", 0L), oom.getOrDefault("oom_kill", 0L)));
    }

    private static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Empty at a root cgroup, which has no pids.current. */
    private static Optional<CgroupStats.Pids> pids(ControllerDir d) {
        Path cur = d.file(PIDS_CURRENT);
        Path max = d.file(PIDS_MAX);
        return KernelFiles.readIfExists(cur).map(raw -> new CgroupStats.Pids(CgroupValues.parseCount(cur, raw),
                KernelFiles.readIfExists(max).map(s -> CgroupValues.parseV2Limit(max, s)).orElse(OptionalLong.empty())));
    }

    /** A PSI file: {@code some …} and, except for cpu on old kernels, {@code full …}. */
    static Optional<CgroupStats.Pressure> pressure(Path f) {
        return KernelFiles.readIfExists(f).map(content -> {
            CgroupStats.Line some = null;
            CgroupStats.Line full = null;
            for (String line : content.split("\n")) {
                if (line.startsWith("some ")) {
                    some = psiLine(f, content, line.substring(5));
                } else if (line.startsWith("full ")) {
                    full = psiLine(f, content, line.substring(5));
                }
            }
            if (some == null) {
                throw new MalformedKernelFile(f, content, "no 'some' line");
            }
            return new CgroupStats.Pressure(some, Optional.ofNullable(full));
        });
    }

    private static CgroupStats.Line psiLine(Path f, String content, String fields) {
        double a10 = Double.NaN;
        double a60 = Double.NaN;
        double a300 = Double.NaN;
        long total = -1;
        try {
            for (String kv : fields.strip().split(" ")) {
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    throw new MalformedKernelFile(f, content, "'" + kv + "' is not key=value");
                }
                String v = kv.substring(eq + 1);
                switch (kv.substring(0, eq)) {
                    case "avg10" -> a10 = Double.parseDouble(v);
                    case "avg60" -> a60 = Double.parseDouble(v);
                    case "avg300" -> a300 = Double.parseDouble(v);
                    case "total" -> total = CgroupValues.parseCount(f, v);
                    default -> {
                    }
                }
            }
        } catch (NumberFormatException e) {
            throw new MalformedKernelFile(f, content, "pressure average is not a number");
        }
        if (Double.isNaN(a10) || Double.isNaN(a60) || Double.isNaN(a300) || total < 0) {
            throw new MalformedKernelFile(f, content, "expected avg10= avg60= avg300= total=");
        }
        return new CgroupStats.Line(a10, a60, a300, total);
    }
}
