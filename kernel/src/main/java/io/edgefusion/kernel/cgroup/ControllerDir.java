package io.edgefusion.kernel.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one controller's files for one cgroup live.
 *
 * @param mount      the hierarchy
 * @param cgroupPath the cgroup as {@code /proc/<pid>/cgroup} names it
 * @param dir        its directory
 */
public record ControllerDir(CgroupMount mount, String cgroupPath, Path dir) {

    public boolean unified() {
        return mount.unified();
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** This directory and every ancestor up to and including the mount point, leaf first. */
    public List<Path> ancestry() {
        List<Path> out = new ArrayList<>();
        for (Path p = dir; p != null && p.startsWith(mount.mountPoint()); p = p.getParent()) {
            out.add(p);
        }
        return out;
    }
}
