package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.KernelFiles;
import io.edgefusion.kernel.sys.UnsupportedHost;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where the planners find a controller's directory and files for one cgroup, refusing with one line (naming the
 * setting and the directory or file) when the host lacks them.
 */
record PlanTargets(CgroupLayout layout, CgroupPaths paths, String cgroupPath) {

    /** The directory serving {@code c}: a v1 hierarchy, or a cgroup2 directory the controller is delegated to. */
    ControllerDir need(Controller c, String setting) {
        ControllerDir d = paths.dir(c).orElseThrow(() -> new UnsupportedHost(setting + ": no " + c.label()
                + " controller is available to cgroup " + cgroupPath + " on this host (cgroup "
                + layout.version().label() + ")"));
        if (d.unified() && c.v2Name().isPresent() && !controllers(d.dir()).contains(c.v2Name().get())) {
            throw new UnsupportedHost(setting + ": controller " + c.v2Name().get() + " is not delegated to " + d.dir()
                    + " (" + CgroupFiles.CONTROLLERS + ": " + String.join(" ", controllers(d.dir())) + ")");
        }
        return d;
    }

    /** {@code d/name}, refused as missing with {@code why} when the kernel has no such file there. */
    static Path existing(ControllerDir d, String name, String why) {
        Path f = d.file(name);
        if (!Files.exists(f)) {
            throw new UnsupportedHost(name + " is missing in " + d.dir() + ": " + why);
        }
        return f;
    }

    static boolean exists(ControllerDir d, String name) {
        return Files.exists(d.file(name));
    }

    /** A cgroup2 directory's {@code cgroup.controllers}, empty when absent. */
    static Set<String> controllers(Path dir) {
        String s = KernelFiles.readIfExists(dir.resolve(CgroupFiles.CONTROLLERS)).orElse("").strip();
        return s.isEmpty() ? Set.of() : new LinkedHashSet<>(List.of(s.split("\\s+")));
    }
}
