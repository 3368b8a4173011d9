package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;

/** Reads {@link EventStats}: {@link StatsReader#read} and a few more files per controller. */
public final class EventStatsReader {
    private EventStatsReader() {
    }

    public static EventStats read(CgroupPaths paths) {
        return new EventStats(StatsReader.read(paths), StatsReader.memoryLimit(paths),
                paths.dir(Controller.MEMORY).map(EventStatsReader::cache).orElse(OptionalLong.empty()),
                paths.dir(Controller.IO).map(EventStatsReader::blockIo).orElse(List.of()),
                paths.dir(Controller.HUGETLB).map(EventStatsReader::hugepages).orElse(List.of()));
    }

    private static OptionalLong cache(ControllerDir d) {
        Path f = d.file(d.unified() ? V2_MEMORY_STAT : V1_MEMORY_STAT);
        return KernelFiles.readIfExists(f).map(c -> {
            Long v = CgroupValues.parseFlatKeyed(f, c).get(d.unified() ? "file" : "cache");
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }).orElse(OptionalLong.empty());
    }

    static List<EventStats.DeviceIo> blockIo(ControllerDir d) {
        return d.unified() ? ioStat(d.file(V2_IO_STAT)) : blkio(d);
    }

    /** {@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0} per device. */
    static List<EventStats.DeviceIo> ioStat(Path f) {
        Optional<String> raw = KernelFiles.readIfExists(f);
        List<EventStats.DeviceIo> out = new ArrayList<>();
        for (String line : raw.orElse("").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.strip().split("\\s+");
            long[] dev = device(f, raw.get(), fields[0]);
            Map<String, Long> kv = new LinkedHashMap<>();
            for (int i = 1; i < fields.length; i++) {
                int eq = fields[i].indexOf('=');
                if (eq <= 0) {
                    throw new MalformedKernelFile(f, raw.get(), "'" + fields[i] + "' is not key=value");
                }
                kv.put(fields[i].substring(0, eq), count(f, line, fields[i].substring(eq + 1)));
            }
            out.add(new EventStats.DeviceIo(dev[0], dev[1], kv.getOrDefault("rbytes", 0L),
                    kv.getOrDefault("wbytes", 0L), kv.getOrDefault("rios", 0L), kv.getOrDefault("wios", 0L)));
        }
        return out;
    }

    private static List<EventStats.DeviceIo> blkio(ControllerDir d) {
        Map<String, long[]> bytes = rwstat(d, V1_BLKIO_SERVICE_BYTES, V1_BLKIO_SERVICE_BYTES_LOCAL);
        Map<String, long[]> ops = rwstat(d, V1_BLKIO_SERVICED, V1_BLKIO_SERVICED_LOCAL);
        List<EventStats.DeviceIo> out = new ArrayList<>();
        Map<String, long[]> devices = new LinkedHashMap<>(bytes);
        ops.forEach(devices::putIfAbsent);
        devices.keySet().forEach(dev -> {
            long[] b = bytes.getOrDefault(dev, new long[4]);
            long[] o = ops.getOrDefault(dev, new long[4]);
            out.add(new EventStats.DeviceIo(b[2], b[3], b[0], b[1], o[0], o[1]));
        });
        return out;
    }

    /**
     * A v1 blkio rwstat file: {@code MAJ:MIN Read|Write|Sync|Async|Discard|Total N} lines and a final
     * {@code Total N}. Returns {read, write, major, minor} per device.
     */
    static Map<String, long[]> rwstat(ControllerDir d, String recursive, String local) {
        Path f = d.file(recursive);
        Optional<String> raw = KernelFiles.readIfExists(f);
        if (raw.isEmpty()) {
            f = d.file(local);
            raw = KernelFiles.readIfExists(f);
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String line : raw.orElse("").split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (line.isBlank() || (fields.length == 2 && fields[0].equals("Total"))) {
                continue;
            }
            if (fields.length != 3) {
                throw new MalformedKernelFile(f, raw.get(), "line '" + line + "' is not 'MAJ:MIN operation count'");
            }
            long[] dev = device(f, raw.get(), fields[0]);
            long[] v = out.computeIfAbsent(fields[0], k -> new long[] {0, 0, dev[0], dev[1]});
            long n = count(f, line, fields[2]);
            switch (fields[1]) {
                case "Read" -> v[0] = n;
                case "Write" -> v[1] = n;
                default -> {
                    // Sync, Async, Discard and Total split or sum the same I/O.
                }
            }
        }
        return out;
    }

    private static long[] device(Path f, String content, String field) {
        int colon = field.indexOf(':');
        if (colon <= 0) {
            throw new MalformedKernelFile(f, content, "'" + field + "' is not MAJ:MIN");
        }
        return new long[] {count(f, content, field.substring(0, colon)), count(f, content, field.substring(colon + 1))};
    }

    private static long count(Path f, String shown, String value) {
        try {
            return CgroupValues.parseCount(f, value);
        } catch (MalformedKernelFile e) {
            throw new MalformedKernelFile(f, shown, "'" + value + "' is not a count");
        }
    }

    static List<EventStats.Hugetlb> hugepages(ControllerDir d) {
        if (!Files.isDirectory(d.dir())) {
            return List.of();
        }
        boolean v2 = d.unified();
        List<EventStats.Hugetlb> out = new ArrayList<>();
        for (HugePageSize size : HugetlbPlanner.sizes(d.dir(), v2 ? V2_HUGETLB_MAX : V1_HUGETLB_LIMIT)) {
            String n = size.name();
            if (v2) {
                Path ev = d.file(hugetlb(n, V2_HUGETLB_EVENTS));
                long max = KernelFiles.readIfExists(ev).map(c -> CgroupValues.parseFlatKeyed(ev, c)
                        .getOrDefault("max", 0L)).orElse(0L);
                out.add(new EventStats.Hugetlb(size, number(d.file(hugetlb(n, V2_HUGETLB_CURRENT))),
                        OptionalLong.empty(), max, limit(d.file(hugetlb(n, V2_HUGETLB_MAX)))));
            } else {
                Path peak = d.file(hugetlb(n, V1_HUGETLB_MAX_USAGE));
                out.add(new EventStats.Hugetlb(size, number(d.file(hugetlb(n, V1_HUGETLB_USAGE))),
                        KernelFiles.readIfExists(peak).map(c -> OptionalLong.of(CgroupValues.parseCount(peak, c)))
                                .orElse(OptionalLong.empty()),
                        number(d.file(hugetlb(n, V1_HUGETLB_FAILCNT))), limit(d.file(hugetlb(n, V1_HUGETLB_LIMIT)))));
            }
        }
        return out;
    }

    private static long number(Path f) {
        return CgroupValues.parseCount(f, KernelFiles.read(f));
    }

    /**
     * {@code max}, or a count where the page-rounded LONG_MAX means unlimited: v1 always, and v2's hugetlb.*.max
     * too until something writes {@code max} into it (the kernel prints the number it starts with).
     */
    private static OptionalLong limit(Path f) {
        String c = KernelFiles.read(f);
        return c.strip().equals(CgroupValues.MAX) ? OptionalLong.empty() : CgroupValues.parseV1Bytes(f, c);
    }
}
