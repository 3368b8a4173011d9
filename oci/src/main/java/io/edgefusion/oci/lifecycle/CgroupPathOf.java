package io.edgefusion.oci.lifecycle;

import io.edgefusion.oci.state.ContainerException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code linux.cgroupsPath} as a cgroupfs path: absolute as given; relative under the root; absent
 * {@code /edgefusion-oci-ID} (no shared parent: nothing is left behind when the last container goes, and no
 * delete races a create over removing it). With {@code --systemd-cgroup} the spec's {@code slice:prefix:name} form is
 * mapped to its cgroupfs place ({@code /a.slice/a-b.slice/prefix-name.scope}) — but only where systemd runs.
 */
public final class CgroupPathOf {
    static final Path SYSTEMD_RUNNING = Path.of("/run/systemd/system");
    static final String DEFAULT_PREFIX = "/edgefusion-oci-";

    private CgroupPathOf() {
    }

    public static String of(String cgroupsPath, String id, boolean systemd) {
        if (systemd) {
            if (!Files.isDirectory(SYSTEMD_RUNNING)) {
                throw new ContainerException("--systemd-cgroup: systemd is not running on this host (no "
                        + SYSTEMD_RUNNING + "); drop the flag to use cgroupfs");
            }
            return systemd(cgroupsPath == null || cgroupsPath.isEmpty() ? "system.slice:edgefusion-oci:" + id
                    : cgroupsPath);
        }
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            return DEFAULT_PREFIX + id;
        }
        if (cgroupsPath.contains("..")) {
            throw new ContainerException("linux.cgroupsPath " + cgroupsPath + ": must not contain ..");
        }
        String p = cgroupsPath.startsWith("/") ? cgroupsPath : "/" + cgroupsPath;
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** {@code a-b.slice:prefix:name} → {@code /a.slice/a-b.slice/prefix-name.scope}. */
    static String systemd(String path) {
        String[] p = path.split(":", -1);
        if (p.length != 3 || !p[0].endsWith(".slice")) {
            throw new ContainerException("linux.cgroupsPath " + path + ": expected slice:prefix:name with"
                    + " --systemd-cgroup");
        }
        StringBuilder dir = new StringBuilder();
        String slice = p[0].substring(0, p[0].length() - ".slice".length());
        if (!slice.equals("-")) {
            String acc = "";
            for (String part : slice.split("-")) {
                acc = acc.isEmpty() ? part : acc + "-" + part;
                dir.append('/').append(acc).append(".slice");
            }
        }
        return dir + "/" + (p[1].isEmpty() ? "" : p[1] + "-") + p[2] + ".scope";
    }
}
