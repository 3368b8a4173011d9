package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.CpuSet;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;

/**
 * Reads every limit of a cgroup, walking each controller's hierarchy from the leaf up to its mount root so the
 * binding level is known. Files that a kernel may legitimately lack (swap accounting off, {@code memory.high} on
 * v1) make that part absent; a file that exists but holds nonsense throws {@link MalformedKernelFile}.
 */
public final class LimitReader {
    private LimitReader() {
    }

    /** Limits of a cgroup; {@code affinity} is the process's CPU mask when a process was asked about. */
    public static ResourceLimits read(CgroupPaths paths, Optional<CpuSet> affinity) {
        Optional<ControllerDir> mem = paths.dir(Controller.MEMORY);
        Optional<ControllerDir> cpu = paths.dir(Controller.CPU);
        Optional<HierarchyLimit> memoryMax = mem.flatMap(LimitReader::memoryMax);
        return new ResourceLimits(
                memoryMax,
                mem.filter(d -> !d.unified()).flatMap(LimitReader::hierarchicalMemory),
                mem.filter(ControllerDir::unified).flatMap(d -> walk(d, "memory.high", HierarchyLimit.Unit.BYTES,
                        V2_MEMORY_HIGH, CgroupValues::parseV2Limit)),
                mem.flatMap(d -> d.unified()
                        ? walk(d, "memory.low", HierarchyLimit.Unit.BYTES, V2_MEMORY_LOW, CgroupValues::parseV2Limit)
                        : walk(d, "memory.soft_limit", HierarchyLimit.Unit.BYTES, V1_MEMORY_SOFT_LIMIT,
                        CgroupValues::parseV1Bytes)),
                mem.flatMap(d -> swap(d, memoryMax)),
                cpu.flatMap(LimitReader::cpuQuota),
                cpu.flatMap(LimitReader::cpuWeight),
                paths.dir(Controller.CPUSET).map(d -> cpuset(d, affinity)),
                paths.dir(Controller.PIDS).flatMap(d -> walk(d, "pids.max", HierarchyLimit.Unit.COUNT, PIDS_MAX,
                        CgroupValues::parseV2Limit)));
    }

    private static Optional<HierarchyLimit> memoryMax(ControllerDir d) {
        return d.unified()
                ? walk(d, "memory.max", HierarchyLimit.Unit.BYTES, V2_MEMORY_MAX, CgroupValues::parseV2Limit)
                : walk(d, "memory.max", HierarchyLimit.Unit.BYTES, V1_MEMORY_LIMIT, CgroupValues::parseV1Bytes);
    }

    private static Optional<LimitSource> hierarchicalMemory(ControllerDir d) {
        Path f = d.file(V1_MEMORY_STAT);
        return KernelFiles.readIfExists(f).flatMap(content -> {
            Map<String, Long> stat = CgroupValues.parseFlatKeyed(f, content);
            Long v = stat.get(V1_HIERARCHICAL_MEMORY_LIMIT);
            if (v == null) {
                return Optional.empty();
            }
            OptionalLong value = v >= CgroupValues.V1_UNLIMITED_FLOOR ? OptionalLong.empty() : OptionalLong.of(v);
            return Optional.of(new LimitSource(f, V1_HIERARCHICAL_MEMORY_LIMIT + " " + v, value));
        });
    }

    /**
     * v2 swap is its own file; v1 accounts memory+swap together, so swap alone is {@code memsw − mem}, with the
     * memory limit of each level taken from the chain already read.
     */
    private static Optional<HierarchyLimit> swap(ControllerDir d, Optional<HierarchyLimit> memoryMax) {
        if (d.unified()) {
            return walk(d, "memory.swap.max", HierarchyLimit.Unit.BYTES, V2_MEMORY_SWAP_MAX,
                    CgroupValues::parseV2Limit);
        }
        List<LimitSource> chain = new ArrayList<>();
        for (Path dir : d.ancestry()) {
            Path memsw = dir.resolve(V1_MEMSW_LIMIT);
            Optional<String> sw = KernelFiles.readIfExists(memsw);
            if (sw.isEmpty()) {
                continue;
            }
            Path memFile = dir.resolve(V1_MEMORY_LIMIT);
            Optional<LimitSource> known = memoryMax.flatMap(h -> h.chain().stream()
                    .filter(l -> l.file().equals(memFile)).findFirst());
            String memRaw = known.map(LimitSource::raw).orElseGet(() -> KernelFiles.read(memFile));
            OptionalLong total = CgroupValues.parseV1Bytes(memsw, sw.get());
            OptionalLong mem = known.map(LimitSource::value).orElseGet(() -> CgroupValues.parseV1Bytes(memFile,
                    memRaw));
            OptionalLong swap = total.isEmpty() ? OptionalLong.empty()
                    : OptionalLong.of(total.getAsLong() - mem.orElse(total.getAsLong()));
            chain.add(new LimitSource(memsw, sw.get().strip() + " - " + memRaw.strip(), swap));
        }
        return chain.isEmpty() ? Optional.empty()
                : Optional.of(new HierarchyLimit("swap", HierarchyLimit.Unit.BYTES, d.dir(), chain));
    }

    private static Optional<HierarchyLimit> cpuQuota(ControllerDir d) {
        List<LimitSource> chain = new ArrayList<>();
        for (Path dir : d.ancestry()) {
            if (d.unified()) {
                Path f = dir.resolve(V2_CPU_MAX);
                KernelFiles.readIfExists(f).ifPresent(raw -> {
                    long[] qp = CgroupValues.parseV2CpuMax(f, raw);
                    chain.add(new LimitSource(f, raw.strip(), microCpus(qp[0], qp[1])));
                });
            } else {
                Path qf = dir.resolve(V1_CFS_QUOTA);
                Optional<String> q = KernelFiles.readIfExists(qf);
                if (q.isEmpty()) {
                    continue;
                }
                Path pf = dir.resolve(V1_CFS_PERIOD);
                String p = KernelFiles.read(pf);
                OptionalLong quota = CgroupValues.parseV1Quota(qf, q.get());
                long period = CgroupValues.parseCount(pf, p);
                if (period == 0) {
                    throw new MalformedKernelFile(pf, p, "period is zero");
                }
                chain.add(new LimitSource(qf, q.get().strip() + " " + p.strip(),
                        microCpus(quota.orElse(-1), period)));
            }
        }
        return chain.isEmpty() ? Optional.empty()
                : Optional.of(new HierarchyLimit("cpu.quota", HierarchyLimit.Unit.MICRO_CPUS, d.dir(), chain));
    }

    private static OptionalLong microCpus(long quota, long period) {
        if (quota < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(quota > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : quota * 1_000_000L / period);
    }

    private static Optional<CpuWeight> cpuWeight(ControllerDir d) {
        Path f = d.file(d.unified() ? V2_CPU_WEIGHT : V1_CPU_SHARES);
        return KernelFiles.readIfExists(f).map(raw -> {
            long v = CgroupValues.parseCount(f, raw);
            long lo = d.unified() ? CpuWeight.WEIGHT_MIN : CpuWeight.SHARES_MIN;
            long hi = d.unified() ? CpuWeight.WEIGHT_MAX : CpuWeight.SHARES_MAX;
            if (v < lo || v > hi) {
                throw new MalformedKernelFile(f, raw, "outside " + lo + ".." + hi);
            }
            return new CpuWeight(f, raw.strip(), d.unified(), v);
        });
    }

    private static CpusetLimit cpuset(ControllerDir d, Optional<CpuSet> affinity) {
        List<CpusetLimit.Level> chain = new ArrayList<>();
        for (Path dir : d.ancestry()) {
            Path f = dir.resolve(CPUSET_CPUS);
            KernelFiles.readIfExists(f).ifPresent(raw -> chain.add(new CpusetLimit.Level(f, CpuSet.parse(raw, f))));
        }
        Path ef = d.file(d.unified() ? V2_CPUSET_CPUS_EFFECTIVE : CPUSET_EFFECTIVE_CPUS);
        Path mf = d.file(d.unified() ? V2_CPUSET_MEMS_EFFECTIVE : CPUSET_EFFECTIVE_MEMS);
        CpuSet effective = CpuSet.parse(KernelFiles.read(ef), ef);
        CpuSet mems = KernelFiles.readIfExists(mf).map(s -> CpuSet.parse(s, mf)).orElse(CpuSet.empty());
        return new CpusetLimit(chain, ef, effective, mems, affinity);
    }

    /** Reads {@code file} at each level that has it, leaf first. */
    private static Optional<HierarchyLimit> walk(ControllerDir d, String name, HierarchyLimit.Unit unit, String file,
                                                 BiFunction<Path, String, OptionalLong> parse) {
        List<LimitSource> chain = new ArrayList<>();
        for (Path dir : d.ancestry()) {
            Path f = dir.resolve(file);
            KernelFiles.readIfExists(f).ifPresent(raw -> chain.add(new LimitSource(f, raw.strip(), parse.apply(f, raw))));
        }
        return chain.isEmpty() ? Optional.empty() : Optional.of(new HierarchyLimit(name, unit, d.dir(), chain));
    }
}
