package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.MalformedKernelFile;
import io.edgefusion.kernel.sys.UnsupportedHost;

import io.edgefusion.kernel.sys.Libc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.edgefusion.kernel.cgroup.CgroupFiles.*;

/**
 * A cgroup in the cgroup2 tree. Controllers must be delegated down the path through {@code cgroup.subtree_control}
 * before a child can use them; {@code cgroup.freeze} and {@code cgroup.kill} are core files, present without any
 * controller (which is why a hybrid host can use them on its nearly empty cgroup2 mount).
 */
public final class V2CgroupManager implements CgroupManager {
    /** Controllers delegated to a sandbox when the parent offers them. */
    static final List<String> WANTED = List.of("cpu", "cpuset", "memory", "pids", "io", "hugetlb");
    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final CgroupLayout layout;
    private final String path;
    private final CgroupMount mount;
    private final Path dir;
    private final CgroupPaths paths;

    V2CgroupManager(CgroupLayout layout, String path) {
        this(layout, path, layout.pathsOf(path));
    }

    V2CgroupManager(CgroupLayout layout, String path, CgroupPaths all) {
        this.layout = layout;
        this.path = path;
        this.mount = layout.unifiedMount().orElseThrow(() -> new UnsupportedHost("no cgroup2 mount"));
        this.dir = mount.dirOf(path).orElseThrow(() -> new UnsupportedHost(
                "cgroup " + path + " is outside the cgroup2 mount root " + mount.root()));
        this.paths = all;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public CgroupPaths paths() {
        return paths;
    }

    Path dir() {
        return dir;
    }

    /**
     * Walks from the mount point down to the cgroup, enabling the wanted controllers in each parent's
     * {@code cgroup.subtree_control} (a controller can be enabled only where the parent enabled it) and creating
     * missing levels; on failure removes the levels it created.
     */
    @Override
    public void create() {
        List<Path> created = new ArrayList<>();
        try {
            Path level = mount.mountPoint();
            for (Path name : mount.mountPoint().relativize(dir)) {
                enable(level);
                level = level.resolve(name);
                if (!Files.isDirectory(level)) {
                    Libc.mkdir(level.toString(), 0755);
                    created.add(level);
                }
            }
        } catch (RuntimeException e) {
            CgroupDirs.rollback(created);
            throw e;
        }
    }

    private static void enable(Path level) {
        Set<String> available = words(level.resolve(CONTROLLERS));
        Set<String> enabled = words(level.resolve(SUBTREE_CONTROL));
        for (String c : WANTED) {
            if (available.contains(c) && !enabled.contains(c)) {
                // EBUSY here means the level holds processes itself ("no internal processes" rule).
                KernelFiles.write(level.resolve(SUBTREE_CONTROL), "+" + c);
            }
        }
    }

    private static Set<String> words(Path f) {
        String s = KernelFiles.readIfExists(f).orElse("").strip();
        return s.isEmpty() ? Set.of() : Set.of(s.split("\\s+"));
    }

    private Path file(String controller, String name) {
        if (!words(dir.resolve(CONTROLLERS)).contains(controller)) {
            throw new UnsupportedHost("controller " + controller + " is not delegated to " + dir
                    + " (" + CONTROLLERS + ": " + String.join(" ", words(dir.resolve(CONTROLLERS))) + ")");
        }
        return dir.resolve(name);
    }

    private static String limit(long v) {
        return v < 0 ? CgroupValues.MAX : Long.toString(v);
    }

    @Override
    public void apply(LimitSettings s) {
        if (s.memoryBytes().isPresent()) {
            KernelFiles.write(file("memory", V2_MEMORY_MAX), limit(s.memoryBytes().getAsLong()));
        }
        if (s.memorySwapBytes().isPresent()) {
            long total = s.memorySwapBytes().getAsLong();
            long mem = s.memoryBytes().orElse(-1);
            if (total >= 0 && mem < 0) {
                throw new IllegalArgumentException("memory+swap " + total + " needs a memory limit as well");
            }
            // v2 limits swap alone; docker's --memory-swap is memory + swap.
            KernelFiles.write(file("memory", V2_MEMORY_SWAP_MAX), total < 0 ? CgroupValues.MAX
                    : Long.toString(Math.max(0, total - mem)));
        }
        if (s.memoryReservation().isPresent()) {
            KernelFiles.write(file("memory", V2_MEMORY_LOW), Long.toString(s.memoryReservation().getAsLong()));
        }
        if (s.memoryHigh().isPresent()) {
            KernelFiles.write(file("memory", V2_MEMORY_HIGH), limit(s.memoryHigh().getAsLong()));
        }
        if (s.cpuQuotaMicros().isPresent()) {
            long period = s.cpuPeriodMicros().orElse(LimitSettings.DEFAULT_PERIOD_MICROS);
            KernelFiles.write(file("cpu", V2_CPU_MAX), limit(s.cpuQuotaMicros().getAsLong()) + " " + period);
        }
        if (s.cpuShares().isPresent()) {
            KernelFiles.write(file("cpu", V2_CPU_WEIGHT),
                    Long.toString(CpuWeight.weightLogQuadratic(s.cpuShares().getAsLong())));
        } else if (s.cpuWeight().isPresent()) {
            KernelFiles.write(file("cpu", V2_CPU_WEIGHT), Long.toString(s.cpuWeight().getAsLong()));
        }
        s.cpusetCpus().ifPresent(v -> KernelFiles.write(file("cpuset", CPUSET_CPUS), v));
        s.cpusetMems().ifPresent(v -> KernelFiles.write(file("cpuset", CPUSET_MEMS), v));
        if (s.pidsMax().isPresent()) {
            KernelFiles.write(file("pids", PIDS_MAX), limit(s.pidsMax().getAsLong()));
        }
    }

    /** Only the cgroup2 directories: on a hybrid host the v1 ones belong to the v1 side. */
    @Override
    public ResourcePlan plan(ResourceSettings s) {
        Map<Controller, ControllerDir> own = new java.util.EnumMap<>(Controller.class);
        paths.dirs().forEach((c, d) -> {
            if (d.unified()) {
                own.put(c, d);
            }
        });
        return ResourcePlanner.plan(layout, new CgroupPaths(paths.version(), own, paths.unified(), paths.notes()),
                path, s);
    }

    /** cgroup v2 has no device files: a BPF_PROG_TYPE_CGROUP_DEVICE program attached to the directory decides. */
    @Override
    public void restrictDevices(List<DeviceRule> allowed) {
        io.edgefusion.kernel.bpf.Bpf.restrictDevices(dir.toString(), allowed);
    }

    @Override
    public void addTask(long pid) {
        KernelFiles.write(dir.resolve(PROCS), Long.toString(pid));
    }

    @Override
    public Set<Long> pids() {
        return CgroupDirs.procs(dir, true);
    }

    private Map<String, Long> events() {
        Path f = dir.resolve(EVENTS);
        return CgroupValues.parseFlatKeyed(f, KernelFiles.read(f));
    }

    @Override
    public void freeze() {
        KernelFiles.write(dir.resolve(FREEZE), "1");
        if (!CgroupDirs.await(() -> freezerState() == FreezerState.FROZEN, FREEZE_TIMEOUT)) {
            KernelFiles.write(dir.resolve(FREEZE), "0");
            throw new UnsupportedHost(dir.resolve(EVENTS) + " did not report frozen within "
                    + FREEZE_TIMEOUT.toSeconds() + " s; thawed again");
        }
    }

    @Override
    public void thaw() {
        KernelFiles.write(dir.resolve(FREEZE), "0");
    }

    @Override
    public FreezerState freezerState() {
        Long frozen = events().get("frozen");
        if (frozen == null) {
            Path f = dir.resolve(EVENTS);
            throw new MalformedKernelFile(f, KernelFiles.read(f), "no 'frozen' line");
        }
        if (frozen == 1) {
            return FreezerState.FROZEN;
        }
        return KernelFiles.read(dir.resolve(FREEZE)).strip().equals("1") ? FreezerState.FREEZING
                : FreezerState.THAWED;
    }

    /** {@code cgroup.kill} (Linux 5.14) kills the whole subtree atomically, forks included. */
    @Override
    public void killAll() {
        Path kill = dir.resolve(KILL);
        if (!Files.exists(kill)) {
            throw new UnsupportedHost(kill + " is missing: the kernel predates 5.14");
        }
        KernelFiles.write(kill, "1");
        if (!CgroupDirs.await(() -> events().getOrDefault("populated", 0L) == 0, KILL_TIMEOUT)) {
            throw new UnsupportedHost("cgroup " + path + " still populated " + KILL_TIMEOUT.toSeconds()
                    + " s after " + KILL);
        }
    }

    @Override
    public void remove() {
        CgroupDirs.removeTree(dir);
    }
}
