package io.edgefusion.kernel.cgroup;

import java.util.Set;

/**
 * A hybrid host: limits go to the v1 hierarchies; the same path in the cgroup2 tree gives each sandbox its own
 * PSI ({@code *.pressure}) and an atomic {@code cgroup.kill}, which v1 lacks. Freezing uses the v1 freezer when
 * it is mounted (a task frozen by one freezer is not visible as frozen to the other).
 */
public final class HybridCgroupManager implements CgroupManager {
    private final CgroupLayout layout;
    private final V1CgroupManager v1;
    private final V2CgroupManager v2;

    HybridCgroupManager(CgroupLayout layout, String path) {
        this.layout = layout;
        CgroupPaths all = layout.pathsOf(path);
        this.v1 = new V1CgroupManager(layout, path, all);
        this.v2 = new V2CgroupManager(layout, path, all);
    }

    @Override
    public String path() {
        return v1.path();
    }

    @Override
    public CgroupPaths paths() {
        return v1.paths();
    }

    @Override
    public void create() {
        v1.create();
        try {
            v2.create();
        } catch (RuntimeException e) {
            v1.remove();
            throw e;
        }
    }

    @Override
    public void apply(LimitSettings settings) {
        v1.apply(settings);
    }

    /**
     * Per controller, wherever the host put it: a controller's directory is v1 or cgroup2 (hugetlb often lives
     * only in the cgroup2 tree), and the raw cgroup2 keys go to this cgroup's cgroup2 directory.
     */
    @Override
    public ResourcePlan plan(ResourceSettings s) {
        return ResourcePlanner.plan(layout, v1.paths(), v1.path(), s);
    }

    /** The v1 devices controller when mounted (it binds every task on the host); else the v2 program. */
    @Override
    public void restrictDevices(java.util.List<DeviceRule> allowed) {
        if (v1.hasDevices()) {
            v1.restrictDevices(allowed);
        } else {
            v2.restrictDevices(allowed);
        }
    }

    @Override
    public void addTask(long pid) {
        v1.addTask(pid);
        v2.addTask(pid);
    }

    @Override
    public Set<Long> pids() {
        return v1.pids();
    }

    private boolean v1Freezer() {
        return v1.paths().dir(Controller.FREEZER).filter(d -> !d.unified()).isPresent();
    }

    @Override
    public void freeze() {
        if (v1Freezer()) {
            v1.freeze();
        } else {
            v2.freeze();
        }
    }

    @Override
    public void thaw() {
        if (v1Freezer()) {
            v1.thaw();
        } else {
            v2.thaw();
        }
    }

    @Override
    public FreezerState freezerState() {
        return v1Freezer() ? v1.freezerState() : v2.freezerState();
    }

    /**
     * {@code cgroup.kill} on the v2 side catches forks atomically; the v1 loop then confirms v1 is empty too. A
     * cgroup frozen by the v1 freezer (a commit killed mid-way) is thawed first: a frozen task keeps a pending
     * SIGKILL and never dies, so the v2 kill would wait in vain.
     */
    @Override
    public void killAll() {
        if (v1Freezer() && v1.paths().dir(Controller.FREEZER).map(d -> java.nio.file.Files.isDirectory(d.dir()))
                .orElse(false) && v1.freezerState() != FreezerState.THAWED) {
            v1.thaw();
        }
        if (!v2.pids().isEmpty()) {
            v2.killAll();
        }
        v1.killAll();
    }

    @Override
    public void remove() {
        v2.remove();
        v1.remove();
    }
}
