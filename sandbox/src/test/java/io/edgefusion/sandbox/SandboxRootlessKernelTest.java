package io.edgefusion.sandbox;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.launch.DockerDefaults;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** --rootless: root inside is an unprivileged id outside. */
@KernelTest
class SandboxRootlessKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @Test
    void rootInsideIsAnUnprivilegedHostIdAndTheSandboxStillWorks() throws Exception {
        var spec = ts.spec("sh", "-c", "id; cat /proc/self/uid_map; echo hi > /tmp/x && cat /tmp/x; hostname;"
                + " ls /sys/class/net; grep CapEff /proc/self/status").withOptions(null, "rl", false, true, true, true);
        TestSandboxes.Result r = ts.run(spec);
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("uid=0(root) gid=0(root)")
                .containsPattern("\\s+0\\s+" + DockerDefaults.ROOTLESS_BASE + "\\s+" + DockerDefaults.ROOTLESS_SIZE)
                .contains("hi\n").contains("rl\n").contains("lo\n").contains("CapEff:\t00000000a80425fb");
    }

    @Test
    void fromTheHostItsProcessesRunAsTheMappedId() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sleep", "60").withOptions(null, null, false, true, true, false),
                true, OutputStream.nullOutputStream());
        SandboxState s = sb.inspect(r.id());
        String status = Files.readString(Path.of("/proc", s.pid().toString(), "status"));
        assertThat(status).containsPattern("Uid:\\s+" + DockerDefaults.ROOTLESS_BASE + "\\s");
        // Its writes land in the upper dir owned by that id, not by host root.
        assertThat(Files.getAttribute(sb.stateDir(r.id()).resolve("upper"), "unix:uid"))
                .isEqualTo((int) DockerDefaults.ROOTLESS_BASE);
        sb.remove(r.id(), true);
        ts.assertGone(r.id());
    }
}
