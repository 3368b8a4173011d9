package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.cgroup.DeviceRule;
import io.edgefusion.sandbox.spec.DeviceSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which device nodes a sandbox has and may use, as runc decides it: its default nodes and cgroup allow-list,
 * each {@code --device} on top, and for {@code --privileged} every host device with no cgroup restriction.
 */
public final class DevicePolicy {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    /** A device node: where it appears inside, and which host device it is. */
    public record Node(String path, String hostPath, char type, long major, long minor, int mode) {
    }

    /**
     * The nodes every sandbox's /dev has (runc's defaults). {@code /dev/tty} is a fresh 5:0 node, never the
     * host's bound in: it names the opener's own controlling terminal, and the sandbox's session has none.
     */
    public static final List<Node> DEFAULT_NODES = List.of(
            new Node("/dev/null", "/dev/null", 'c', 1, 3, 0666), new Node("/dev/zero", "/dev/zero", 'c', 1, 5, 0666),
            new Node("/dev/full", "/dev/full", 'c', 1, 7, 0666), new Node("/dev/random", "/dev/random", 'c', 1, 8, 0666),
            new Node("/dev/urandom", "/dev/urandom", 'c', 1, 9, 0666), new Node("/dev/tty", null, 'c', 5, 0, 0666));

    /** runc's default allow-list: mknod of anything, and read/write/mknod of the default nodes, ptmx and pts. */
    public static final List<DeviceRule> DEFAULT_RULES = List.of(
            DeviceRule.chr(DeviceRule.ANY, DeviceRule.ANY, "m"), DeviceRule.block(DeviceRule.ANY, DeviceRule.ANY, "m"),
            DeviceRule.chr(1, 3, "rwm"), DeviceRule.chr(1, 5, "rwm"), DeviceRule.chr(1, 7, "rwm"),
            DeviceRule.chr(1, 8, "rwm"), DeviceRule.chr(1, 9, "rwm"), DeviceRule.chr(5, 0, "rwm"),
            DeviceRule.chr(5, 2, "rwm"), DeviceRule.chr(136, DeviceRule.ANY, "rwm"));

    /** Host /dev entries a privileged sandbox does not copy: its own instances stand there. */
    private static final List<String> NOT_COPIED = List.of("/dev/pts", "/dev/shm", "/dev/mqueue", "/dev/console",
            "/dev/tty", "/dev/ptmx");

    private DevicePolicy() {
    }

    /** The host device of {@code --device} {@code d}: a one-line error if it is missing or not a device. */
    public static Node resolve(DeviceSpec d) {
        Path p = Path.of(d.hostPath());
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:mode,rdev");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--device " + d.hostPath() + ": no such file on the host");
        } catch (IOException e) {
            throw new IllegalArgumentException("--device " + d.hostPath() + ": " + e.getMessage());
        }
        Node n = node((int) a.get("mode"), (long) a.get("rdev"), d.containerPath(), d.hostPath());
        if (n == null) {
            throw new IllegalArgumentException("--device " + d.hostPath()
                    + ": not a character or block device");
        }
        return n;
    }

    private static Node node(int mode, long rdev, String path, String hostPath) {
        char type = (mode & S_IFMT) == S_IFCHR ? 'c' : (mode & S_IFMT) == S_IFBLK ? 'b' : 0;
        if (type == 0) {
            return null;
        }
        // glibc's gnu_dev_major / gnu_dev_minor
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
        return new Node(path, hostPath, type, major, minor, mode & 0777);
    }

    /** The allow-list for a sandbox granted {@code devices} on top of runc's defaults. */
    public static List<DeviceRule> rules(List<DeviceSpec> devices) {
        List<DeviceRule> out = new ArrayList<>(DEFAULT_RULES);
        for (DeviceSpec d : devices) {
            Node n = resolve(d);
            out.add(new DeviceRule(n.type(), n.major(), n.minor(), d.permissions()));
        }
        return out;
    }

    /** The nodes of {@code --device}s, at their container paths. */
    public static List<Node> granted(List<DeviceSpec> devices) {
        return devices.stream().map(DevicePolicy::resolve).toList();
    }

    /** Every character and block device under the host's /dev, for {@code --privileged} (as docker). */
    public static List<Node> hostDevices() {
        List<Node> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("/dev"))) {
            for (Path p : s.toList()) {
                String name = p.toString();
                if (NOT_COPIED.stream().anyMatch(x -> name.equals(x) || name.startsWith(x + "/"))
                        || Files.isSymbolicLink(p)) {
                    continue;
                }
                try {
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
                    Node n = node((int) a.get("mode"), (long) a.get("rdev"), name, name);
                    if (n != null && DEFAULT_NODES.stream().noneMatch(d -> d.path().equals(name))) {
                        out.add(n);
                    }
                } catch (IOException e) {
                    // a node that vanished while we walked: not copied
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the host's /dev", e);
        }
        return out;
    }
}
