package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.edgefusion.sandbox.launch.OciSpecs.MS_BIND;
import static io.edgefusion.sandbox.launch.OciSpecs.MS_NOATIME;
import static io.edgefusion.sandbox.launch.OciSpecs.MS_NODIRATIME;
import static io.edgefusion.sandbox.launch.OciSpecs.MS_REC;
import static io.edgefusion.sandbox.launch.OciSpecs.MS_SHARED;
import static io.edgefusion.sandbox.launch.OciSpecs.MS_SLAVE;
import static io.edgefusion.sandbox.launch.OciSpecs.MS_STRICTATIME;
import static io.edgefusion.sandbox.launch.OciSpecs.MS_UNBINDABLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The root bound on itself ({@code rootbind}), binds without {@code MS_REC} and with atime flags, and mount
 * propagation ({@code propagation}, {@code rootpropagation}, {@code propagate}), seen from inside (the workload's
 * mountinfo) and from outside (a mount the test makes on the host).
 */
@KernelTest
class HelperOciMountsKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    /** Host mounts the test made, unmounted in reverse order. */
    private final List<Path> hostMounts = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (Path m : hostMounts.reversed()) {
            OciSpecs.run(List.of("umount", m.toString()));
        }
        ts.close();
    }

    private Path hostTmpfs(Path dir, String file, String content) throws Exception {
        Files.createDirectories(dir);
        OciSpecs.run(List.of("mount", "-t", "tmpfs", "edgefusion-test", dir.toString()));
        hostMounts.add(dir);
        Files.writeString(dir.resolve(file), content);
        return dir;
    }

    private String runToEnd(String spec) {
        return RawHelper.runToEnd(ts.root(), spec);
    }

    private String failure(String spec) {
        return RawHelper.failure(ts.root(), spec, true);
    }

    @Test
    void aPlainRootDirectoryIsBoundRecursivelyOnItself() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "rootbind");
        hostTmpfs(root.resolve("sub"), "f", "below-the-root\n");
        // a mount the host has below the root comes along: the bind is recursive
        assertThat(runToEnd(OciSpecs.run(root, "cat /sub/f").finish())).isEqualTo("below-the-root\n");
    }

    @Test
    void aBindWithoutMsRecLeavesSubmountsBehindAndAtimeFlagsAreApplied() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "binds");
        Path src = Files.createDirectories(ts.root().resolve("bindsrc"));
        hostTmpfs(src.resolve("m"), "f", "submount\n");
        String out = runToEnd(OciSpecs.run(root, "ls -A /flat/m; cat /deep/m/f; cat /proc/self/mountinfo")
                .line("mount", src, "/flat", null, MS_BIND | MS_NOATIME | MS_NODIRATIME, null, "dir")
                .line("mount", src, "/deep", null, MS_BIND | MS_REC | MS_STRICTATIME, null, "dir").finish());
        assertThat(out).startsWith("submount\n"); // /flat/m is empty: nothing listed before it
        String flat = OciSpecs.mountLine(out, "/flat");
        String deep = OciSpecs.mountLine(out, "/deep");
        assertThat(OciSpecs.mountLine(out, "/flat/m")).as("not recursive").isNull();
        assertThat(OciSpecs.mountLine(out, "/deep/m")).as("recursive").isNotNull();
        assertThat(options(flat)).contains("noatime", "nodiratime");
        assertThat(options(deep)).doesNotContain("noatime", "relatime", "nodiratime");
    }

    /** Field 6 of a mountinfo line: the per-mount options. */
    private static List<String> options(String mountinfoLine) {
        assertThat(mountinfoLine).isNotNull();
        return List.of(mountinfoLine.split(" ")[5].split(","));
    }

    /**
     * A host mount made below a shared host directory after the sandbox started reaches it when "/" was made a
     * slave (propagation MS_REC|MS_SLAVE), and not by default (every mount private).
     */
    @ParameterizedTest(name = "slave={0}")
    @ValueSource(booleans = {true, false})
    void propagationOfTheRootDecidesWhetherHostMountsArriveLater(boolean slave) throws Exception {
        Path root = OciSpecs.freshRoot(ts, "propagation");
        Path shared = Files.createDirectories(ts.root().resolve("shared"));
        OciSpecs.run(List.of("mount", "--bind", shared.toString(), shared.toString()));
        hostMounts.add(shared);
        OciSpecs.run(List.of("mount", "--make-shared", shared.toString()));
        ProtocolWriter w = OciSpecs.run(root, "exec sleep 600")
                .line("mount", shared, "/d", null, MS_BIND, null, "dir");
        if (slave) {
            w.line("propagation", MS_REC | MS_SLAVE);
        }
        try (RawHelper h = RawHelper.start(ts.root(), w.finish())) {
            long pid = h.awaitPid();
            h.go();
            assertThat(h.line()).as(h.stderr()).startsWith("started ");
            assertThat(OciSpecs.mountLine(pid, "/d")).isNotNull();
            assertThat(OciSpecs.mountLine(pid, "/d").contains(" master:")).isEqualTo(slave);
            hostTmpfs(shared.resolve("later"), "f", "x");
            assertThat(OciSpecs.mountLine(pid, "/d/later") != null).as("propagated into the sandbox").isEqualTo(slave);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertThat(h.waitFor()).isEqualTo(137);
        }
    }

    @Test
    void propagateSetsAMountsOwnPropagationAndRootpropagationTheNewRoots() {
        Path root = OciSpecs.freshRoot(ts, "propagate");
        String out = runToEnd(OciSpecs.run(root, "cat /proc/self/mountinfo")
                .line("mount", "tmpfs", "/shared", "tmpfs", 0, null, "dir").line("propagate", "/shared", MS_SHARED)
                .line("mount", "tmpfs", "/unbindable", "tmpfs", 0, null, "dir")
                .line("propagate", "/unbindable", MS_UNBINDABLE)
                .line("mount", "tmpfs", "/private", "tmpfs", 0, null, "dir")
                .line("rootpropagation", MS_SHARED).finish());
        assertThat(OciSpecs.mountLine(out, "/shared")).contains(" shared:");
        assertThat(OciSpecs.mountLine(out, "/unbindable")).contains(" unbindable ");
        assertThat(OciSpecs.mountLine(out, "/private")).doesNotContain("shared:", "master:", "unbindable");
        assertThat(OciSpecs.mountLine(out, "/")).contains(" shared:");
    }

    @Test
    void propagationFailuresNameTheirStep() {
        Path root = OciSpecs.freshRoot(ts, "propfail");
        // two propagation types at once: the kernel refuses them (EINVAL), the helper only passes them on
        assertThat(failure(OciSpecs.run(root, "true").line("propagation", MS_SHARED | MS_SLAVE).finish()))
                .isEqualTo("error propagation%20/ 22");
        assertThat(failure(OciSpecs.run(root, "true").line("rootpropagation", MS_SHARED | MS_SLAVE).finish()))
                .isEqualTo("error rootpropagation 22");
        assertThat(failure(OciSpecs.run(root, "true").line("propagate", "/no-such-dir", MS_SHARED).finish()))
                .isEqualTo("error propagate%20/no-such-dir 2");
        // /bin is a directory, not a mount
        assertThat(failure(OciSpecs.run(root, "true").line("propagate", "/bin", MS_SHARED).finish()))
                .isEqualTo("error propagate%20/bin 22");
    }
}
