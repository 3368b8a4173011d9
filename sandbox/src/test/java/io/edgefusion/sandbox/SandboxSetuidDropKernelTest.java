package io.edgefusion.sandbox;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Security;
import io.edgefusion.sandbox.spec.Stdio;
import io.edgefusion.sandbox.testing.CFixtures;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, Why 4 / Deliver 4: a setuid file a sandbox writes into its upper dir must not be executable by another
 * host user (fixture setuid_drop.c). The sandbox copies the fixture to /tmp and sets 4755 on it; host user nobody
 * (setpriv, util-linux) then execs it through the upper dir's host path and must get EACCES.
 */
@KernelTest
class SandboxSetuidDropKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void aSetuidFileWrittenInsideCannotBeRunByAnotherHostUser(boolean rootless) throws Exception {
        Path layer = Files.createDirectories(ts.root().resolve("fixture-layer"));
        CFixtures.installInto("setuid_drop", layer.resolve("bin"));
        SandboxSpec spec = new SandboxSpec(null, List.of(layer, ts.busybox()), List.of("sh", "-c",
                "cp /bin/setuid_drop /tmp/s && chmod 4755 /tmp/s && ls -ln /tmp/s"), Map.of(), "/", null, null,
                LimitSettings.none(), Network.NONE, false, rootless, Set.of(), Set.of(), List.of(), List.of(), true,
                false, null, null, Stdio.DETACHED, Security.DEFAULT, List.of(), null);
        TestSandboxes.Result r = ts.run(spec);
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).startsWith("-rwsr-xr-x");
        Path planted = ts.sandboxes().upperDir(ts.sandboxes().inspect(r.id())).resolve("tmp/s");
        assertThat(Files.getPosixFilePermissions(planted, LinkOption.NOFOLLOW_LINKS)).hasSize(7);
        // The directories on the way: sandboxes/ and the sandbox dir admit no "other" user at all.
        assertThat(mode(ts.root().resolve("sandboxes")) & 07).isZero();
        assertThat(mode(ts.sandboxes().stateDir(r.id())) & 07).isZero();

        // Through a shell: setpriv itself execs its argument while it still holds root's capabilities (they go at
        // that execve), so only a process already running as nobody shows what nobody can do.
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh",
                "-c", "exec \"$0\"", planted.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertThat(out).as("nobody ran the planted binary").doesNotContain("euid=").contains("Permission denied");
        assertThat(code).isNotZero();
    }

    private static int mode(Path p) throws Exception {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
