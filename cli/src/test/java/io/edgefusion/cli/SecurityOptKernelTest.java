package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --security-opt}: seccomp=unconfined|FILE and no-new-privileges, one-line refusals, inspect. */
@KernelTest
class SecurityOptKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final String root = ts.root().toString();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private CliRun cli(String... args) {
        return CliRun.under(root, args);
    }

    private static void oneLine(CliRun r, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(125);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("edgefusion: ").contains(fragments);
    }

    @Test
    void theDefaultIsFilteredAndUnconfinedIsNot() {
        assertThat(cli("run", "--rm", "builtin:busybox", "--", "grep", "Seccomp:", "/proc/self/status").out())
                .isEqualTo("Seccomp:\t2\n");
        assertThat(cli("run", "--rm", "--security-opt", "seccomp=unconfined", "builtin:busybox", "--", "grep",
                "Seccomp:", "/proc/self/status").out()).isEqualTo("Seccomp:\t0\n");
        assertThat(cli("run", "--rm", "--security-opt", "no-new-privileges=false", "builtin:busybox", "--", "grep",
                "-E", "NoNewPrivs|Seccomp:", "/proc/self/status").out()).isEqualTo("NoNewPrivs:\t0\nSeccomp:\t2\n");
        assertThat(cli("run", "--rm", "--security-opt", "no-new-privileges", "builtin:busybox", "--", "grep",
                "NoNewPrivs", "/proc/self/status").out()).isEqualTo("NoNewPrivs:\t1\n");
    }

    @Test
    void aPolicyFileIsHonouredAndShownByInspect() throws Exception {
        Path policy = Files.writeString(ts.root().resolve("no-mkdir.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
                """);
        CliRun r = cli("run", "--name", "nomkdir", "--security-opt", "seccomp=" + policy, "builtin:busybox", "--",
                "sh", "-c", "mkdir /tmp/d || echo refused; touch /tmp/f && echo touched");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("refused\ntouched\n");
        JsonNode n = new ObjectMapper().readTree(cli("inspect", "nomkdir").out()).path("sandboxes").get(0);
        assertThat(n.path("seccomp").asText()).isEqualTo("custom " + policy);
        assertThat(n.path("state").path("spec").path("security").path("seccomp").path("kind").asText())
                .isEqualTo("custom");
        cli("run", "--name", "plain", "builtin:busybox", "--", "true");
        assertThat(new ObjectMapper().readTree(cli("inspect", "plain").out()).path("sandboxes")
                .get(0).path("seccomp").asText())
                .isEqualTo("default");
    }

    @Test
    void badOptionsAndBadFilesAreOneLine() throws Exception {
        Path bad = Files.writeString(ts.root().resolve("bad.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_EXPLODE"}]}
                """);
        oneLine(cli("run", "--security-opt", "seccomp=" + bad, "builtin:busybox", "true"),
                bad + ":2:46: syscalls[0].action: unknown action \"SCMP_ACT_EXPLODE\"");
        Path broken = Files.writeString(ts.root().resolve("broken.json"), "{\"defaultAction\": ");
        oneLine(cli("run", "--security-opt", "seccomp=" + broken, "builtin:busybox", "true"), broken + ":1:",
                "malformed JSON");
        oneLine(cli("run", "--security-opt", "seccomp=/no/such.json", "builtin:busybox", "true"),
                "--security-opt seccomp=/no/such.json: no such file");
        oneLine(cli("run", "--security-opt", "seccomp", "builtin:busybox", "true"), "seccomp=unconfined or");
        oneLine(cli("run", "--security-opt", "apparmor=unconfined", "builtin:busybox", "true"),
                "apparmor is not supported here");
        oneLine(cli("run", "--security-opt", "label=disable", "builtin:busybox", "true"),
                "label is not supported here");
        oneLine(cli("run", "--security-opt", "nosuch=1", "builtin:busybox", "true"), "--security-opt nosuch=1",
                "unknown option", "seccomp=unconfined|FILE");
        oneLine(cli("run", "--security-opt", "no-new-privileges=maybe", "builtin:busybox", "true"),
                "no-new-privileges takes true or false");
        assertThat(ts.sandboxes().list()).isEmpty();
    }
}
