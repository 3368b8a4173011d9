package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code copyup} (podman's {@code tmpcopyup}: a tmpfs over an image directory starts with its contents) and
 * {@code apparmor} (the profile the workload gets at execve), driven with raw protocol text.
 */
@KernelTest
class HelperOciCopyupKernelTest {
    /** tmpfs flags as podman gives them: nosuid, nodev. */
    private static final long NOSUID_NODEV = 6;
    /** The workload is uid 0 but holds no capability unless given: this one reads 0640 files of 12:34. */
    private static final String CAP_DAC_OVERRIDE = "2";
    private static final Path APPARMOR = Path.of("/sys/kernel/security/apparmor");

    private final TestSandboxes ts = new TestSandboxes();
    private final List<Path> hostMounts = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (Path m : hostMounts.reversed()) {
            OciSpecs.run(List.of("umount", m.toString()));
        }
        ts.close();
    }

    private String runToEnd(String spec) {
        return RawHelper.runToEnd(ts.root(), spec);
    }

    private String failure(String spec) {
        return RawHelper.failure(ts.root(), spec, true);
    }

    /** A root whose /run has a file, a directory with a file, a symlink, a FIFO and a host mount below it. */
    private Path rootWithRun() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "copyup");
        Path run = Files.createDirectories(root.resolve("run"));
        Files.writeString(run.resolve("conf"), "conf\n");
        OciSpecs.run(List.of("chmod", "0640", run.resolve("conf").toString()));
        OciSpecs.run(List.of("chown", "12:34", run.resolve("conf").toString()));
        Files.createDirectories(run.resolve("sub"));
        Files.writeString(run.resolve("sub/f"), "in-sub\n");
        OciSpecs.run(List.of("chmod", "0750", run.resolve("sub").toString()));
        OciSpecs.run(List.of("chown", "-R", "5:6", run.resolve("sub").toString()));
        Files.createSymbolicLink(run.resolve("link"), Path.of("/etc/never-followed"));
        OciSpecs.run(List.of("chown", "-h", "7:8", run.resolve("link").toString()));
        OciSpecs.run(List.of("mkfifo", run.resolve("fifo").toString()));
        Path inner = Files.createDirectories(run.resolve("inner"));
        OciSpecs.run(List.of("mount", "-t", "tmpfs", "edgefusion-test", inner.toString()));
        hostMounts.add(inner);
        Files.writeString(inner.resolve("other-fs"), "x");
        return root;
    }

    @Test
    void aTmpfsOverRunStartsWithItsContentsKeepingOwnersAndModesAndIsWritableUnderAReadOnlyRoot() throws Exception {
        Path root = rootWithRun();
        String script = "stat -c '%n %a %u:%g %F' /run/conf /run/sub /run/sub/f /run/link /run/inner;"
                + " readlink /run/link; cat /run/conf /run/sub/f; ls -A /run; ls -A /run/inner; echo;"
                + " echo written > /run/new && cat /run/new; touch /root-file 2>/dev/null || echo read-only-root;"
                + " cat /proc/self/mountinfo";
        String out = runToEnd(OciSpecs.run(root, script)
                .line("mount", "tmpfs", "/run", "tmpfs", NOSUID_NODEV, "mode=755", "dir").line("copyup", "/run")
                .line("readonly_root", 1).line("caps", CAP_DAC_OVERRIDE, CAP_DAC_OVERRIDE, CAP_DAC_OVERRIDE, 0, 0)
                .finish());
        assertThat(out).startsWith("""
                /run/conf 640 12:34 regular file
                /run/sub 750 5:6 directory
                /run/sub/f 644 5:6 regular file
                /run/link 777 7:8 symbolic link
                /run/inner 1777 0:0 directory
                /etc/never-followed
                conf
                in-sub
                conf
                inner
                link
                sub

                written
                read-only-root
                """); // no fifo; the host tmpfs below /run was not entered: /run/inner is empty, with that tmpfs root's mode
        assertThat(OciSpecs.mountLine(out, "/run")).as(out).contains(" - tmpfs ").contains("nosuid", "nodev");
        assertThat(OciSpecs.mountLine(out, "/")).contains(" ro");
        // the copy went into the tmpfs: the image's /run is as it was
        assertThat(root.resolve("run/new")).doesNotExist();
    }

    @Test
    void aMissingDirectoryHasNothingToCopyAndAFileCannotBeCopiedFrom() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "copyup-missing");
        String out = runToEnd(OciSpecs.run(root, "ls -A /fresh; echo end; cat /proc/self/mountinfo")
                .line("mount", "tmpfs", "/fresh", "tmpfs", 0, null, "dir").line("copyup", "/fresh").finish());
        assertThat(out).startsWith("end\n");
        assertThat(OciSpecs.mountLine(out, "/fresh")).contains(" - tmpfs ");
        Files.writeString(root.resolve("afile"), "x");
        assertThat(failure(OciSpecs.run(root, "true").line("mount", "tmpfs", "/afile", "tmpfs", 0, null, "dir")
                .line("copyup", "/afile").finish())).isEqualTo("error copyup%20/afile 20"); // ENOTDIR
    }

    /**
     * This host has no AppArmor: /proc/self/attr/apparmor/exec is absent and the shared /proc/self/attr/exec
     * refuses the write (EINVAL), in run and in exec. With AppArmor a profile that is not loaded is ENOENT.
     */
    @Test
    void apparmorWritesTheProfileForExecveAndReportsTheKernelsAnswer() {
        Path root = OciSpecs.freshRoot(ts, "apparmor");
        String profile = "edgefusion-test-no-such-profile";
        String expected = "error apparmor%20" + profile + " " + (Files.exists(APPARMOR) ? 2 : 22);
        assertThat(failure(OciSpecs.run(root, "true").line("no_new_privs", 1).line("apparmor", profile).finish()))
                .isEqualTo(expected);
        try (RawHelper init = RawHelper.start(ts.root(), OciSpecs.run(root, "exec sleep 600").finish())) {
            long pid = init.awaitPid();
            init.go();
            assertThat(init.line()).startsWith("started ");
            assertThat(failure(OciSpecs.exec(pid, "true").line("user", 1000, 1000).line("apparmor", profile)
                    .finish())).isEqualTo(expected);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertThat(init.waitFor()).isEqualTo(137);
        }
    }
}
