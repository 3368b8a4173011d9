package io.edgefusion.oci.e2e;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Host directories that a tool creates whatever it is told (rootful podman's blob-info cache in
 * /var/lib/containers/cache, containerd 1.6 shims' sockets in /run/containerd/s): those absent before the
 * fixture are removed after it, those already there are left as they were.
 */
public final class HostDirs {
    private final List<Path> absentBefore = new ArrayList<>();

    /** Remembers which of {@code dirs} (each listed after its parent) do not exist yet. */
    public HostDirs(Path... dirs) {
        for (Path d : dirs) {
            if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                absentBefore.add(d);
            }
        }
    }

    /** Removes the directories the fixture's tools created, deepest first. */
    public void restore() {
        for (Path d : absentBefore.reversed()) {
            Leftovers.deleteTree(d);
        }
    }
}
