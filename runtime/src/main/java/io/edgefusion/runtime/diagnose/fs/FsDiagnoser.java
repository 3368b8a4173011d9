package io.edgefusion.runtime.diagnose.fs;

import io.edgefusion.kernel.mount.MountFacts;
import io.edgefusion.kernel.mount.MountFlag;
import io.edgefusion.kernel.mount.OverlayLayers;
import io.edgefusion.kernel.proc.MountEntry;
import io.edgefusion.kernel.proc.MountInfo;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.sandbox.Attach;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.spec.Stdio;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Predicts what the flags of the mount holding a path do, then runs the probe there — on the host as a child
 * process, in a sandbox through {@code exec} as the sandbox's root, the probe handed in as fd 0 and exec'd as
 * {@code /proc/self/fd/0} so it needs nothing from the sandbox's root — and sets predicted against observed.
 */
public final class FsDiagnoser {
    private static final String PROBE_IN_SANDBOX = "/proc/self/fd/0";

    private final Path stateRoot;

    public FsDiagnoser(Path stateRoot) {
        this.stateRoot = stateRoot;
    }

    /** The host's mount holding {@code path}. */
    public FsDiagnosis host(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such file or directory");
        }
        MountFacts f = MountFacts.of(path);
        Path dir = Files.isDirectory(f.path()) ? f.path() : f.path().getParent();
        Optional<Path> upper = upperOf(f.mount(), f.overlay(), dir, null);
        boolean upperBefore = upper.map(Files::isDirectory).orElse(false);
        String out = runOnHost(FsProbeBinary.path(stateRoot), dir);
        return diagnosis(f.path().toString(), dir.toString(), null, f.mount(), f.flags(), f.overlay(), out, upper,
                upperBefore);
    }

    /** The mount holding {@code path} inside the running sandbox {@code idOrName}. */
    public FsDiagnosis sandbox(Sandboxes sb, String idOrName, String path) {
        SandboxState s = sb.inspect(idOrName);
        if (s.status() != Status.RUNNING || s.pid() == null) {
            throw new IllegalStateException("sandbox " + s.shortId() + " is " + s.status().label()
                    + ", not running: diagnose fs --sandbox needs a running sandbox");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(path + ": a path inside the sandbox must be absolute");
        }
        Path inside = Path.of(path).normalize();
        // /proc/PID/root resolves through the sandbox's own mounts; the kernel follows the magic link.
        Path viaHost = Path.of("/proc", s.pid().toString(), "root").resolve(inside.toString().substring(1));
        if (!Files.exists(viaHost)) {
            throw new IllegalArgumentException(path + ": no such file or directory in sandbox " + s.shortId());
        }
        MountInfo info = MountInfo.ofPid(s.pid());
        Path dir = Files.isDirectory(viaHost) ? inside : Optional.ofNullable(inside.getParent()).orElse(inside);
        MountEntry m = info.mountOf(inside).orElseThrow(() -> new IllegalStateException("no mount in "
                + info.source() + " holds " + inside));
        Set<MountFlag> flags = MountFlag.fromStatvfs(Libc.statvfsFlags(viaHost.toString()));
        Optional<OverlayLayers> overlay = OverlayLayers.of(m);
        Optional<Path> upper = upperOf(m, overlay, dir, m.mountPoint().equals("/") ? sb.upperDir(s) : null);
        boolean upperBefore = upper.map(Files::isDirectory).orElse(false);
        String out = runInSandbox(sb, s, dir.toString());
        return diagnosis(inside.toString(), dir.toString(), s.id(), m, flags, overlay, out, upper, upperBefore);
    }

    /** Where {@code dir} of an overlay mount sits in its upper layer, seen from the host. */
    private static Optional<Path> upperOf(MountEntry m, Optional<OverlayLayers> overlay, Path dir, Path known) {
        if (overlay.isEmpty() || overlay.get().upperdir().isEmpty()) {
            return Optional.empty();
        }
        Path upper = known != null ? known : Path.of(overlay.get().upperdir().get());
        if (!upper.isAbsolute() || !Files.isDirectory(upper)) {
            return Optional.empty();
        }
        Path rel = Path.of(m.mountPoint()).relativize(dir);
        Path root = Path.of(m.root().startsWith("/") ? m.root().substring(1) : m.root());
        return Optional.of(upper.resolve(root).resolve(rel).normalize());
    }

    private static String runOnHost(Path probe, Path dir) {
        try {
            Process p = new ProcessBuilder(probe.toString(), dir.toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException("fs probe in " + dir + " exited " + rc + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the fs probe " + probe, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing " + dir, e);
        }
    }

    private String runInSandbox(Sandboxes sb, SandboxState s, String dir) {
        Path probe = FsProbeBinary.path(stateRoot);
        int fd = FileSyscalls.openat(FileSyscalls.AT_FDCWD, probe.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            HandedFds handed = new HandedFds(ProcessHandle.current().pid(), fd, -1, -1);
            int rc = sb.exec(s.id(), List.of(PROBE_IN_SANDBOX, dir), Map.of(), "0", "/", new Stdio(true, false),
                    new Attach(out, null, null, null, err, handed));
            String text = out.toString(StandardCharsets.UTF_8);
            if (rc != 0) {
                throw new IllegalStateException("fs probe in sandbox " + s.shortId() + " exited " + rc + ": "
                        + (text + err.toString(StandardCharsets.UTF_8)).strip());
            }
            return text;
        } finally {
            FileSyscalls.close(fd);
        }
    }

    private static FsDiagnosis diagnosis(String path, String dir, String sandbox, MountEntry m, Set<MountFlag> flags,
                                         Optional<OverlayLayers> overlay, String probeOut, Optional<Path> upper,
                                         boolean upperBefore) {
        Map<String, ProbeLine> seen = ProbeLine.parse(probeOut);
        boolean ro = flags.contains(MountFlag.RDONLY);
        boolean noexec = flags.contains(MountFlag.NOEXEC);
        boolean nosuid = flags.contains(MountFlag.NOSUID);
        boolean nodev = flags.contains(MountFlag.NODEV);
        ProbeLine nnp = seen.get("nnp");
        boolean noNewPrivs = nnp != null && nnp.value() != null && nnp.value() == 1;
        List<FsCheck> checks = new ArrayList<>();
        checks.add(FsCheck.of("write", "ro", ro ? "refused" : "allowed", ro ? "EROFS" : null,
                ro ? "ro: creating a file fails with EROFS" : "not ro: files can be created", seen.get("write")));
        checks.add(FsCheck.of("exec", "noexec", noexec ? "refused" : "allowed", noexec ? "EACCES" : null,
                noexec ? "noexec: execve(2) fails with EACCES" : "not noexec: execve(2) works",
                seen.get("exec")));
        checks.add(FsCheck.of("mmap_exec", "noexec", noexec ? "refused" : "allowed", noexec ? "EPERM" : null,
                noexec ? "noexec: mmap(2) with PROT_EXEC fails with EPERM" : "not noexec: PROT_EXEC mappings work",
                seen.get("mmap_exec")));
        String setid = nosuid || noNewPrivs ? "ignored" : "honoured";
        checks.add(FsCheck.of("setid", "nosuid", setid, null, nosuid ? "nosuid: execve(2) ignores set-user-ID bits"
                : noNewPrivs ? "no_new_privs is set: execve(2) ignores set-user-ID bits on any mount"
                : "not nosuid: a set-user-ID file runs as its owner", seen.get("setid")));
        checks.add(FsCheck.of("device", "nodev", nodev ? "refused" : "allowed", nodev ? "EACCES" : null,
                nodev ? "nodev: open(2) of a device node fails with EACCES" : "not nodev: device nodes open",
                seen.get("device")));
        List<String> left = new ArrayList<>();
        if (overlay.isPresent() && overlay.get().upperdir().isPresent()) {
            checks.add(copyUp(dir, upper, upperBefore, seen.get("write"), left));
        }
        return new FsDiagnosis(path, dir, sandbox, m, flags, checks, left);
    }

    /**
     * A first write under a lower-only directory copies the directory up into the upper layer: the probe's
     * temporary file is that first write, and the host sees the directory appear in upperdir. A copy-up cannot
     * be undone while the overlay is mounted, so the (identical) directory stays.
     */
    private static FsCheck copyUp(String dir, Optional<Path> upper, boolean before, ProbeLine write,
                                  List<String> left) {
        String why = "overlay: the first write under " + dir + " copies it (and any lower file written) up into"
                + " upperdir";
        if (upper.isEmpty()) {
            return new FsCheck("copyup", "overlay", "copied-up", null, "skipped", null, FsCheck.UNVERIFIED,
                    why + "; upperdir is not visible from the host");
        }
        if (before) {
            return new FsCheck("copyup", "overlay", "copied-up", null, "skipped", null, FsCheck.UNVERIFIED,
                    why + "; " + dir + " was already in upperdir (" + upper.get() + ")");
        }
        boolean after = Files.isDirectory(upper.get());
        if (after) {
            left.add(upper.get().toString());
        }
        String observed = after ? "copied-up" : write != null && write.outcome().equals("refused") ? "skipped"
                : "not-copied-up";
        String verdict = after ? FsCheck.AS_PREDICTED : observed.equals("skipped") ? FsCheck.UNVERIFIED
                : FsCheck.CONTRADICTED;
        return new FsCheck("copyup", "overlay", "copied-up", null, observed, null, verdict, why);
    }
}
