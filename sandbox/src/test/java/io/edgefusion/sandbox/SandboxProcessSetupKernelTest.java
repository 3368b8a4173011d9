package io.edgefusion.sandbox;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.CFixtures;
import io.edgefusion.sandbox.testing.RunMain;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The last steps before execve, as runc takes them: a session keyring of its own, signals at their defaults. */
@KernelTest
class SandboxProcessSetupKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void noSignalIsIgnoredOrBlockedAndSigpipeEndsAPipelineAgain(boolean rootless) {
        // busybox's yes stops at EPIPE by itself; a shell loop does not: with SIGPIPE still ignored it writes on
        // forever and the pipeline only ends when timeout kills it (rc != 0).
        var spec = ts.spec("sh", "-c", "grep -E '^Sig(Ign|Blk)' /proc/self/status; yes | head -c 1000000 >/dev/null;"
                + " timeout 60 sh -c 'while :; do echo y; done | head -c 1000000 >/dev/null'; echo rc=$?")
                .withOptions(null, null, false, rootless, true, true);
        TestSandboxes.Result r = ts.run(spec);
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("SigBlk:\t0000000000000000").contains("SigIgn:\t0000000000000000")
                .contains("rc=0");
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void aKeyInTheCallersSessionKeyringIsNotReadableInside(boolean rootless) throws Exception {
        Path busybox = ts.busybox();
        CFixtures.installInto("keyread", busybox.resolve("bin"));
        String value = "edgefusion-test-secret-" + UUID.randomUUID();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The caller: a fresh session keyring (so the test's own is untouched) holding a key, then a CLI-like
        // JVM that runs the sandbox. Before, the sandbox shared that keyring and read the key.
        String script = "id=$(keyctl add user edgefusion-test-key \"$1\" @s) || exit 90; keyctl print \"$id\";"
                + " exec \"$2\" --enable-native-access=ALL-UNNAMED -cp \"$3\" " + RunMain.class.getName()
                + " \"$4\" \"$5\" false " + (rootless ? "--rootless " : "") + "/bin/keyread \"$id\"";
        Process p = new ProcessBuilder("keyctl", "session", "-", "sh", "-c", script, "sh", value, java,
                System.getProperty("java.class.path"), ts.root().toString(), busybox.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("the caller itself reads its key").contains(value + "\n");
        assertThat(out).contains("refused ").doesNotContain("read " + value);
    }
}
