package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.sandbox.launch.HandedFds;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a container is being made: everything the helper's instructions need besides the config.
 *
 * @param bundle        the bundle directory (relative {@code root.path} and bind sources resolve against it)
 * @param layout        this host's cgroup hierarchies
 * @param cgroupPath    the container's cgroup
 * @param stdio         the caller's fds that become the process's 0, 1, 2 (without a terminal)
 * @param preserved     the caller's extra fds (runc's {@code --preserve-fds}): fd 3 + i of the caller → 3 + i
 * @param consoleSocket where the terminal's master goes ({@code --console-socket}), or null
 * @param fifo          the exec fifo (create: the process waits for {@code start}), or null to exec at once
 * @param reap          keep the helper as the process's reaper (run attached); false leaves it to the caller's
 *                      subreaper, as runc does
 * @param pauseMounted  stop once the root is mounted, for createContainer hooks
 * @param relay         {@code edgefusion run}/{@code exec}: the helper relays stdio (and, run, supervises); null
 *                      for a runc-style caller
 */
public record LaunchContext(Path bundle, CgroupLayout layout, String cgroupPath, HandedFds stdio, int preserved,
                           String consoleSocket, Path fifo, boolean reap, boolean pauseMounted, Relay relay) {
    public LaunchContext {
        if (preserved < 0) {
            throw new IllegalArgumentException("--preserve-fds " + preserved + ": must not be negative");
        }
        if (relay != null && (consoleSocket != null || fifo != null || !reap || preserved > 0)) {
            throw new IllegalArgumentException("a relayed launch has no console socket, fifo or preserved fds, and"
                    + " keeps its reaper");
        }
    }

    /** A runc-style caller's. */
    public LaunchContext(Path bundle, CgroupLayout layout, String cgroupPath, HandedFds stdio, int preserved,
                         String consoleSocket, Path fifo, boolean reap, boolean pauseMounted) {
        this(bundle, layout, cgroupPath, stdio, preserved, consoleSocket, fifo, reap, pauseMounted, null);
    }

    /** {@code edgefusion run}/{@code exec}'s: the caller's {@code handed} fds, the helper relaying the rest. */
    public static LaunchContext relayed(Path bundle, CgroupLayout layout, String cgroupPath, HandedFds handed,
                                        Relay relay) {
        return new LaunchContext(bundle, layout, cgroupPath, handed, 0, null, null, true, false, relay);
    }

    public List<Integer> preservedFds() {
        return java.util.stream.IntStream.range(3, 3 + preserved).boxed().toList();
    }
}
