package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.UnsupportedHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;

/** A cgroup on v1 hierarchies: one directory per mounted controller we use (co-mounted ones share it). */
public final class V1CgroupManager implements CgroupManager {
    /**
     * Controllers a sandbox cgroup is created in (plus the devices hierarchy, below). On a hybrid host hugetlb may
     * be served by the cgroup2 tree: its directory is then unified, and the v2 side creates it.
     */
    static final List<Controller> USED = List.of(Controller.CPU, Controller.CPUACCT, Controller.CPUSET,
            Controller.MEMORY, Controller.PIDS, Controller.FREEZER, Controller.IO, Controller.HUGETLB);
    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final CgroupLayout layout;
    private final String path;
    private final CgroupPaths paths;
    /** The cgroup's directory in the v1 devices hierarchy, when one is mounted (no Controller: nothing to read). */
    private final Optional<ControllerDir> devices;

    V1CgroupManager(CgroupLayout layout, String path) {
        this(layout, path, layout.pathsOf(path));
    }

    /** With {@code all}, the layout's paths of {@code path} already made (a hybrid manager makes them once). */
    V1CgroupManager(CgroupLayout layout, String path, CgroupPaths all) {
        this.layout = layout;
        this.path = path;
        this.paths = all.only(USED);
        this.devices = layout.mounts().stream().filter(m -> !m.unified() && m.has(DEVICES))
                .flatMap(m -> m.dirOf(path).map(d -> new ControllerDir(m, path, d)).stream()).findFirst();
    }

    static final String DEVICES = "devices";

    /** True when the host mounts the v1 devices controller. */
    boolean hasDevices() {
        return devices.isPresent();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public CgroupPaths paths() {
        return paths;
    }

    /** Distinct v1 directories of the controllers we use (cpu and cpuacct may be one mount). */
    private Map<Path, ControllerDir> dirs() {
        Map<Path, ControllerDir> out = new LinkedHashMap<>();
        for (Controller c : USED) {
            paths.dir(c).filter(d -> !d.unified()).ifPresent(d -> out.putIfAbsent(d.dir(), d));
        }
        devices.ifPresent(d -> out.putIfAbsent(d.dir(), d));
        return out;
    }

    private ControllerDir need(Controller c) {
        return paths.dir(c).filter(d -> !d.unified()).orElseThrow(() -> new UnsupportedHost(
                "the " + c.label() + " controller is not mounted as cgroup v1 on this host"));
    }

    @Override
    public void create() {
        List<List<Path>> done = new ArrayList<>();
        try {
            for (ControllerDir d : dirs().values()) {
                boolean cpuset = d.mount().has(Controller.CPUSET.v1Name());
                done.add(CgroupDirs.mkdirs(d.mount().mountPoint(), d.dir(), cpuset ? V1CgroupManager::seedCpuset : p -> {
                }));
            }
        } catch (RuntimeException e) {
            done.reversed().forEach(CgroupDirs::rollback);
            throw e;
        }
    }

    /**
     * A new v1 cpuset starts with empty cpus and mems, and attaching a task to it fails with ENOSPC; copy the
     * parent's sets, as runc does, unless the kernel already did ({@code cgroup.clone_children}).
     */
    private static void seedCpuset(Path dir) {
        for (String f : List.of(CPUSET_CPUS, CPUSET_MEMS)) {
            if (KernelFiles.read(dir.resolve(f)).isBlank()) {
                KernelFiles.write(dir.resolve(f), KernelFiles.read(dir.getParent().resolve(f)).strip());
            }
        }
    }

    @Override
    public void apply(LimitSettings s) {
        if (s.memoryHigh().isPresent()) {
            throw new UnsupportedHost("memory.high exists only on cgroup v2; this host's memory controller is v1");
        }
        if (s.memoryBytes().isPresent() || s.memorySwapBytes().isPresent() || s.memoryReservation().isPresent()) {
            applyMemory(need(Controller.MEMORY), s);
        }
        if (s.cpuQuotaMicros().isPresent() || s.cpuShares().isPresent() || s.cpuWeight().isPresent()) {
            ControllerDir cpu = need(Controller.CPU);
            if (s.cpuPeriodMicros().isPresent()) {
                KernelFiles.write(cpu.file(V1_CFS_PERIOD), Long.toString(s.cpuPeriodMicros().getAsLong()));
            }
            if (s.cpuQuotaMicros().isPresent()) {
                KernelFiles.write(cpu.file(V1_CFS_QUOTA), Long.toString(s.cpuQuotaMicros().getAsLong()));
            }
            OptionalLong shares = s.cpuShares().isPresent() ? s.cpuShares()
                    : s.cpuWeight().isPresent() ? OptionalLong.of(CpuWeight.sharesForWeight(s.cpuWeight().getAsLong()))
                    : OptionalLong.empty();
            if (shares.isPresent()) {
                KernelFiles.write(cpu.file(V1_CPU_SHARES), Long.toString(shares.getAsLong()));
            }
        }
        if (s.cpusetCpus().isPresent() || s.cpusetMems().isPresent()) {
            ControllerDir cs = need(Controller.CPUSET);
            s.cpusetMems().ifPresent(v -> KernelFiles.write(cs.file(CPUSET_MEMS), v));
            s.cpusetCpus().ifPresent(v -> KernelFiles.write(cs.file(CPUSET_CPUS), v));
        }
        if (s.pidsMax().isPresent()) {
            long v = s.pidsMax().getAsLong();
            KernelFiles.write(need(Controller.PIDS).file(PIDS_MAX), v < 0 ? CgroupValues.MAX : Long.toString(v));
        }
    }

    /**
     * The kernel keeps {@code memory.limit_in_bytes ≤ memory.memsw.limit_in_bytes} at every step, so raising
     * both must write memsw first and lowering both must write the memory limit first.
     */
    private static void applyMemory(ControllerDir mem, LimitSettings s) {
        Path memFile = mem.file(V1_MEMORY_LIMIT);
        Path swFile = mem.file(V1_MEMSW_LIMIT);
        if (s.memorySwapBytes().isPresent() && KernelFiles.readIfExists(swFile).isEmpty()) {
            throw new UnsupportedHost(swFile + " is missing: swap accounting is off (boot with swapaccount=1)");
        }
        Optional<String> memValue = s.memoryBytes().isPresent() ? Optional.of(Long.toString(s.memoryBytes().getAsLong()))
                : Optional.empty();
        Optional<String> swValue = s.memorySwapBytes().isPresent()
                ? Optional.of(Long.toString(s.memorySwapBytes().getAsLong())) : Optional.empty();
        // Compare as numbers with "unlimited" (-1 requested, or the page-rounded maximum read) as infinity.
        boolean swapFirst = swValue.isPresent() && (s.memorySwapBytes().getAsLong() < 0
                || CgroupValues.parseV1Bytes(swFile, KernelFiles.read(swFile))
                .stream().anyMatch(cur -> s.memorySwapBytes().getAsLong() >= cur));
        if (swapFirst) {
            KernelFiles.write(swFile, swValue.get());
        }
        memValue.ifPresent(v -> KernelFiles.write(memFile, v));
        if (!swapFirst) {
            swValue.ifPresent(v -> KernelFiles.write(swFile, v));
        }
        s.memoryReservation().ifPresent(v -> KernelFiles.write(mem.file(V1_MEMORY_SOFT_LIMIT), Long.toString(v)));
    }

    @Override
    public ResourcePlan plan(ResourceSettings s) {
        return ResourcePlanner.plan(layout, paths, path, s);
    }

    /**
     * v1's device controller: a new cgroup inherits its parent's list (all allowed, on a host), so first deny
     * everything, then allow each rule. The kernel refuses an allow its parent does not grant (EPERM).
     */
    @Override
    public void restrictDevices(List<DeviceRule> allowed) {
        ControllerDir d = devices.orElseThrow(() -> new UnsupportedHost(
                "the devices controller is not mounted as cgroup v1 on this host"));
        KernelFiles.write(d.file(V1_DEVICES_DENY), "a");
        for (DeviceRule r : allowed) {
            KernelFiles.write(d.file(V1_DEVICES_ALLOW), r.v1());
        }
    }

    @Override
    public void addTask(long pid) {
        for (ControllerDir d : dirs().values()) {
            KernelFiles.write(d.file(PROCS), Long.toString(pid));
        }
    }

    /** Membership is read from one hierarchy; the first of pids, freezer, memory, cpu that is mounted. */
    private Path membershipDir() {
        for (Controller c : List.of(Controller.PIDS, Controller.FREEZER, Controller.MEMORY, Controller.CPU)) {
            Optional<ControllerDir> d = paths.dir(c).filter(x -> !x.unified());
            if (d.isPresent()) {
                return d.get().dir();
            }
        }
        throw new UnsupportedHost("no v1 hierarchy of pids, freezer, memory or cpu is mounted");
    }

    @Override
    public Set<Long> pids() {
        return CgroupDirs.procs(membershipDir(), true);
    }

    @Override
    public void freeze() {
        Path f = need(Controller.FREEZER).file(V1_FREEZER_STATE);
        // Writing FROZEN starts freezing; tasks in uninterruptible sleep can keep it FREEZING, so re-assert it.
        boolean ok = CgroupDirs.await(() -> {
            KernelFiles.write(f, FreezerState.FROZEN.name());
            return freezerState() == FreezerState.FROZEN;
        }, FREEZE_TIMEOUT);
        if (!ok) {
            KernelFiles.write(f, FreezerState.THAWED.name());
            throw new UnsupportedHost(f + " stayed FREEZING for " + FREEZE_TIMEOUT.toSeconds() + " s; thawed again");
        }
    }

    @Override
    public void thaw() {
        KernelFiles.write(need(Controller.FREEZER).file(V1_FREEZER_STATE), FreezerState.THAWED.name());
    }

    @Override
    public FreezerState freezerState() {
        Path f = need(Controller.FREEZER).file(V1_FREEZER_STATE);
        String raw = KernelFiles.read(f).strip();
        try {
            return FreezerState.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw new io.edgefusion.kernel.sys.MalformedKernelFile(f, raw, "not THAWED, FREEZING or FROZEN");
        }
    }

    /**
     * v1 has no {@code cgroup.kill}. With a freezer, freeze first so nothing can fork, SIGKILL everyone, thaw to
     * let the signals land; repeat until empty. Without one, keep killing until no new task appears.
     */
    @Override
    public void killAll() {
        boolean freezer = paths.dir(Controller.FREEZER).filter(d -> !d.unified()).isPresent();
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        while (true) {
            Set<Long> pids = pids();
            if (pids.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new UnsupportedHost("cgroup " + path + " still has tasks " + pids + " after "
                        + KILL_TIMEOUT.toSeconds() + " s of SIGKILL");
            }
            if (freezer) {
                freeze();
                CgroupDirs.killEach(pids());
                thaw();
            } else {
                CgroupDirs.killEach(pids);
            }
            CgroupDirs.await(() -> pids().isEmpty(), Duration.ofMillis(500));
        }
    }

    @Override
    public void remove() {
        for (ControllerDir d : dirs().values()) {
            CgroupDirs.removeTree(d.dir());
        }
    }
}
