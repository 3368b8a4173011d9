package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.launch.LaunchFailure;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each bad input: one clear line, the right exit code, and nothing left behind. */
@KernelTest
class SandboxBadInputKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private void rejected(SandboxSpec spec, Class<? extends Throwable> type, String... fragments) throws Exception {
        assertThatThrownBy(() -> ts.sandboxes().run(spec, true, OutputStream.nullOutputStream()))
                .isInstanceOf(type).satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n");
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
        assertThat(ts.sandboxes().list()).isEmpty();
        Path sandboxes = ts.root().resolve("sandboxes");
        if (Files.isDirectory(sandboxes)) {
            try (var s = Files.list(sandboxes)) {
                assertThat(s.toList()).isEmpty();
            }
        }
        var parent = io.edgefusion.kernel.cgroup.CgroupManager.of(ts.sandboxes().layout(),
                ts.sandboxes().cgroupParent());
        parent.paths().dirs().values().forEach(d -> {
            if (Files.isDirectory(d.dir())) {
                try (var s = Files.list(d.dir())) {
                    assertThat(s.filter(Files::isDirectory).toList()).as("no sandbox cgroup left").isEmpty();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    @Test
    void missingRootfs() throws Exception {
        rejected(SandboxSpec.of(Path.of("/no/such/rootfs"), List.of("true")), IllegalArgumentException.class,
                "/no/such/rootfs", "no such directory");
    }

    @Test
    void commandAbsentFromTheRootfs() throws Exception {
        rejected(ts.spec("definitely-not-here"), LaunchFailure.class, "exec definitely-not-here", "ENOENT");
        assertThatThrownBy(() -> ts.sandboxes().run(ts.spec("definitely-not-here"), true,
                OutputStream.nullOutputStream())).isInstanceOfSatisfying(LaunchFailure.class,
                e -> assertThat(e.exitCode()).isEqualTo(127));
    }

    @Test
    void memoryZero() throws Exception {
        rejected(ts.spec("true").withLimits(LimitSettings.none().withMemory(0)), IllegalArgumentException.class,
                "--memory 0: below the minimum 6m");
    }

    @Test
    void cpusetOutsideTheOnlineCpus() throws Exception {
        rejected(ts.spec("true").withLimits(LimitSettings.none().withCpuset("0-511", null)),
                IllegalArgumentException.class, "--cpuset-cpus 0-511", "outside the online CPUs");
    }

    @Test
    void unknownUser() throws Exception {
        rejected(ts.spec("true").withOptions("nobody-here", null, false, false, true, false),
                IllegalArgumentException.class, "--user nobody-here", "/etc/passwd");
    }

    @Test
    void duplicateName() throws Exception {
        ts.sandboxes().run(ts.spec("sleep", "60").withName("taken"), true, OutputStream.nullOutputStream());
        assertThatThrownBy(() -> ts.sandboxes().run(ts.spec("true").withName("taken"), true,
                OutputStream.nullOutputStream())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name taken is already in use");
        assertThat(ts.sandboxes().list()).hasSize(1);
    }

    @Test
    void aWorkdirThatIsNotADirectoryFailsAtItsStep() throws Exception {
        rejected(ts.spec("true").withWorkdir("/etc/passwd"), LaunchFailure.class, "chdir /etc/passwd", "ENOTDIR");
    }
}
