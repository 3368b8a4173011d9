package io.edgefusion.sandbox.launch;

import io.edgefusion.sandbox.testing.TestSandboxes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Protocol text for the OCI directive tests: a plain busybox directory as root (as an OCI bundle's rootfs is),
 * bound on itself, with its own /proc, running {@code sh -c SCRIPT} as root. Each test adds its directives.
 */
final class OciSpecs {
    static final long MS_RDONLY = 1;
    static final long MS_NOSUID = 2;
    static final long MS_NOEXEC = 8;
    static final long MS_NOATIME = 1024;
    static final long MS_NODIRATIME = 2048;
    static final long MS_BIND = 4096;
    static final long MS_REC = 16384;
    static final long MS_UNBINDABLE = 1 << 17;
    static final long MS_PRIVATE = 1 << 18;
    static final long MS_SLAVE = 1 << 19;
    static final long MS_SHARED = 1 << 20;
    static final long MS_STRICTATIME = 1 << 24;
    /** proc's nosuid, nodev, noexec. */
    static final long PROC_FLAGS = 14;

    private OciSpecs() {
    }

    /** A copy of the test root's busybox rootfs at {@code <test root>/name}, for a test to change freely. */
    static Path freshRoot(TestSandboxes ts, String name) {
        Path to = ts.root().resolve(name);
        run(List.of("cp", "-a", ts.busybox().toString(), to.toString()));
        return to;
    }

    /** Runs a host command of the test (mount, mkfifo, …) and fails with its output if it fails. */
    static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * mode run, new mnt/pid/uts/ipc namespaces, {@code root} bound on itself with its /proc and /dev/null,
     * {@code sh -c}.
     */
    static ProtocolWriter run(Path root, String script) {
        return base(root, "mnt,pid,uts,ipc", script);
    }

    static ProtocolWriter base(Path root, String ns, String script) {
        return new ProtocolWriter().line("mode", "run").line("ns", ns).line("root", root).line("rootbind", 1)
                .line("mount", "proc", "/proc", "proc", PROC_FLAGS, null, "dir")
                .line("mknod", "/dev/null", "c", 1, 3, "666") // an exec opens the sandbox's before anything else
                .line("arg", "/bin/sh").line("arg", "-c").line("arg", script)
                .line("env", "PATH=/bin").line("cwd", "/").line("user", 0, 0).line("groups", (Object) null);
    }

    /** An exec into the running sandbox whose PID 1 is {@code target}. */
    static ProtocolWriter exec(long target, String script) {
        return new ProtocolWriter().line("mode", "exec").line("target", target).line("ns", "mnt,pid,uts,ipc")
                .line("arg", "/bin/sh").line("arg", "-c").line("arg", script)
                .line("env", "PATH=/bin").line("cwd", "/").line("user", 0, 0).line("groups", (Object) null);
    }

    /** A FIFO made as the oci module makes it (mkfifo, mode 0622). */
    static Path fifo(Path path) {
        run(List.of("mkfifo", "-m", "0622", path.toString()));
        return path;
    }

    /** The mountinfo line of mount point {@code mountPoint} as process {@code pid} sees it, or null. */
    static String mountLine(long pid, String mountPoint) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))) {
                if (l.split(" ")[4].equals(mountPoint)) {
                    return l;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mountinfo line of {@code mountPoint} in a workload's own output of /proc/self/mountinfo. */
    static String mountLine(String mountinfo, String mountPoint) {
        return mountinfo.lines().filter(l -> l.split(" ").length > 4 && l.split(" ")[4].equals(mountPoint))
                .reduce((a, b) -> b).orElse(null);
    }
}
