package io.edgefusion.sandbox.testing;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.sandbox.BuiltinRootfs;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.state.SandboxState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state root a test owns ({@code /tmp/edgefusion-test-<random>}, world-traversable so rootless sandboxes can
 * reach their layers) with its own cgroup parent. {@link #close()} force-removes every sandbox, runs gc, and
 * deletes the root.
 */
public final class TestSandboxes implements AutoCloseable {
    private final Path root;
    private final Sandboxes sandboxes;

    public TestSandboxes() {
        this(Path.of("/tmp", "edgefusion-test-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /** A root at {@code root} (which must not exist yet; its parent must), e.g. two roots side by side. */
    public TestSandboxes(Path root) {
        try {
            this.root = Files.createDirectory(root, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sandboxes = new Sandboxes(root);
    }

    public Sandboxes sandboxes() {
        return sandboxes;
    }

    public Path root() {
        return root;
    }

    /** The busybox rootfs, assembled once under this root. */
    public Path busybox() {
        return BuiltinRootfs.resolve("builtin:busybox", root);
    }

    public SandboxSpec spec(String... command) {
        return SandboxSpec.of(busybox(), List.of(command));
    }

    /** Runs attached; returns exit code and stdout. */
    public Result run(SandboxSpec spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sandboxes.RunResult r = sandboxes.run(spec, false, out);
        return new Result(r.id(), r.exitCode(), out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Mounts that let a busybox sandbox run this JDK: the JDK at /jdk and {@code app} at /app, read-only, and the
     * host's libraries the JDK links against (the busybox root has no glibc), read-only.
     */
    public static List<io.edgefusion.sandbox.spec.MountSpec> jdkMounts(Path app) {
        try {
            List<io.edgefusion.sandbox.spec.MountSpec> mounts = new java.util.ArrayList<>(List.of(
                    new io.edgefusion.sandbox.spec.MountSpec.Bind(Path.of(System.getProperty("java.home"))
                            .toRealPath(), "/jdk", true),
                    new io.edgefusion.sandbox.spec.MountSpec.Bind(app, "/app", true)));
            for (String lib : List.of("/lib", "/lib64", "/usr/lib")) {
                if (Files.isDirectory(Path.of(lib))) {
                    mounts.add(new io.edgefusion.sandbox.spec.MountSpec.Bind(Path.of(lib).toRealPath(), lib, true));
                }
            }
            return mounts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Outcome of an attached run. */
    public record Result(String id, int exitCode, String out) {
    }

    /** Asserts that nothing of sandbox {@code id} remains: state, cgroup in any hierarchy, host mounts. */
    public void assertGone(String id) throws IOException {
        assertThat(sandboxes.stateDir(id)).doesNotExist();
        CgroupLayout layout = sandboxes.layout();
        String path = sandboxes.cgroupParent() + "/" + id;
        layout.pathsOf(path).dirs().values().forEach(d -> assertThat(d.dir()).doesNotExist());
        layout.pathsOf(path).unified().ifPresent(d -> assertThat(d.dir()).doesNotExist());
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(id);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (SandboxState s : sandboxes.list()) {
            try {
                sandboxes.remove(s.id(), true);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        try {
            sandboxes.gc();
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        try {
            io.edgefusion.kernel.sys.TreeRemoval.remove(root);
        } catch (RuntimeException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
