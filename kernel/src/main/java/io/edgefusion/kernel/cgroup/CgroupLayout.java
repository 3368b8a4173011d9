package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.proc.MountEntry;
import io.edgefusion.kernel.proc.MountInfo;
import io.edgefusion.kernel.proc.ProcCgroup;
import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.UnsupportedHost;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroup hierarchies a mount namespace sees, found from {@code mountinfo}: which version the host runs and
 * which mount serves each controller. Everything that addresses a cgroup starts here.
 *
 * @param fsRoot where absolute paths of the host begin: {@code /} on a live host, a fixture directory in tests
 */
public record CgroupLayout(CgroupVersion version, List<CgroupMount> mounts, Path fsRoot) {

    /** v1 subsystem names as the kernel lists them in {@code /proc/cgroups}; anything else in options is a flag. */
    private static final Set<String> V1_SUBSYSTEMS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices",
            "freezer", "net_cls", "blkio", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc");

    public CgroupLayout {
        mounts = List.copyOf(mounts);
    }

    /** The live layout of this process's mount namespace. */
    public static CgroupLayout discover() {
        return discover(MountInfo.read(MountInfo.SELF), Path.of("/"));
    }

    /** Layout from a mountinfo, with mount points looked up under {@code fsRoot}. */
    public static CgroupLayout discover(MountInfo info, Path fsRoot) {
        List<CgroupMount> mounts = new ArrayList<>();
        for (MountEntry e : info.entries()) {
            Path mp = under(fsRoot, e.mountPoint());
            switch (e.fsType()) {
                case "cgroup" -> {
                    Set<String> ctl = new HashSet<>();
                    for (String o : e.superOptions()) {
                        if (V1_SUBSYSTEMS.contains(o) || o.startsWith("name=")) {
                            ctl.add(o);
                        }
                    }
                    mounts.add(new CgroupMount(false, ctl, mp, e.root()));
                }
                case "cgroup2" -> mounts.add(new CgroupMount(true, unifiedControllers(mp), mp, e.root()));
                default -> {
                }
            }
        }
        boolean v1 = mounts.stream().anyMatch(m -> !m.unified() && m.controllers().stream()
                .anyMatch(V1_SUBSYSTEMS::contains));
        Optional<CgroupMount> v2 = mounts.stream().filter(CgroupMount::unified).findFirst();
        CgroupVersion version;
        if (v1 && v2.isPresent()) {
            version = new CgroupVersion.Hybrid(v2.get().mountPoint(), v2.get().controllers());
        } else if (v1) {
            version = new CgroupVersion.V1();
        } else if (v2.isPresent()) {
            version = new CgroupVersion.V2(v2.get().mountPoint());
        } else {
            throw new UnsupportedHost("no cgroup or cgroup2 filesystem is mounted (" + info.source() + ")");
        }
        return new CgroupLayout(version, mounts, fsRoot);
    }

    private static Path under(Path fsRoot, String absolute) {
        return fsRoot.resolve(absolute.substring(1));
    }

    private static Set<String> unifiedControllers(Path mountPoint) {
        return KernelFiles.readIfExists(mountPoint.resolve(CgroupFiles.CONTROLLERS))
                .map(s -> s.isBlank() ? Set.<String>of() : Set.of(s.strip().split("\\s+")))
                .orElse(Set.of());
    }

    public Optional<CgroupMount> unifiedMount() {
        return mounts.stream().filter(CgroupMount::unified).findFirst();
    }

    /**
     * The mount that serves {@code c} for a cgroup at {@code path}: a v1 hierarchy naming it, else the cgroup2
     * mount when it offers the controller (or, for cpuacct and freezer, when v2 core files stand in for them).
     * When a hierarchy is mounted more than once, the mount whose root is the longest prefix of {@code path} wins.
     */
    public Optional<CgroupMount> mountFor(Controller c, String path) {
        Optional<CgroupMount> v1 = mounts.stream()
                .filter(m -> !m.unified() && m.has(c.v1Name()))
                .filter(m -> m.locates(path))
                .max((a, b) -> Integer.compare(a.root().length(), b.root().length()));
        if (v1.isPresent()) {
            return v1;
        }
        if (mounts.stream().anyMatch(m -> !m.unified() && m.has(c.v1Name()))) {
            return mounts.stream().filter(m -> !m.unified() && m.has(c.v1Name())).findFirst();
        }
        return unifiedMount().filter(u -> c.v2Name().map(u::has).orElse(true));
    }

    /** Where each controller's files are for the process whose {@code /proc/<pid>/cgroup} is given. */
    public CgroupPaths pathsOf(ProcCgroup procCgroup) {
        Map<Controller, ControllerDir> dirs = new EnumMap<>(Controller.class);
        List<String> notes = new ArrayList<>();
        for (Controller c : Controller.values()) {
            Optional<ProcCgroup.Line> v1Line = procCgroup.v1(c.v1Name());
            Optional<ProcCgroup.Line> line = v1Line.isPresent() ? v1Line : procCgroup.unified();
            if (line.isEmpty()) {
                continue;
            }
            String path = line.get().path();
            Optional<CgroupMount> mount = v1Line.isPresent()
                    ? mountFor(c, path).filter(m -> !m.unified())
                    : mountFor(c, path).filter(CgroupMount::unified);
            mount.ifPresent(m -> m.dirOf(path).ifPresentOrElse(
                    d -> dirs.put(c, new ControllerDir(m, path, d)),
                    () -> notes.add(c.label() + ": cgroup " + path + " is not visible through " + m.mountPoint()
                            + " (outside this cgroup namespace or mount root " + m.root() + ")")));
        }
        Optional<ControllerDir> unified = procCgroup.unified().flatMap(l -> unifiedMount()
                .flatMap(m -> m.dirOf(l.path()).map(d -> new ControllerDir(m, l.path(), d))));
        return new CgroupPaths(version, dirs, unified, notes);
    }

    /** Where each controller's files are for cgroup {@code path}, the same path in every hierarchy. */
    public CgroupPaths pathsOf(String path) {
        Map<Controller, ControllerDir> dirs = new EnumMap<>(Controller.class);
        List<String> notes = new ArrayList<>();
        for (Controller c : Controller.values()) {
            mountFor(c, path).ifPresent(m -> m.dirOf(path).ifPresentOrElse(
                    d -> dirs.put(c, new ControllerDir(m, path, d)),
                    () -> notes.add(c.label() + ": " + path + " is outside mount root " + m.root())));
        }
        Optional<ControllerDir> unified = unifiedMount()
                .flatMap(m -> m.dirOf(path).map(d -> new ControllerDir(m, path, d)));
        return new CgroupPaths(version, dirs, unified, notes);
    }

    /**
     * Accepts either a cgroup path ({@code /edgefusion/x}) or a directory under a cgroup mount
     * ({@code /sys/fs/cgroup/memory/edgefusion/x}) and returns the cgroup path.
     */
    public String cgroupPathOf(String pathOrDir) {
        Path p = Path.of(pathOrDir).normalize();
        for (CgroupMount m : mounts) {
            if (p.startsWith(m.mountPoint()) && !m.mountPoint().equals(fsRoot)) {
                return m.pathOf(p);
            }
        }
        return pathOrDir.startsWith("/") ? pathOrDir : "/" + pathOrDir;
    }
}
