package io.edgefusion.cli;

import io.edgefusion.kernel.proc.BoundingSet;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --cap-add} of a capability outside the host's bounding set: one line naming the capability and that the
 * host lacks it, before any sandbox exists — instead of the helper's bare "capset: EPERM". Run end to end in a
 * child CLI whose bounding set lacks CAP_SYS_RESOURCE (util-linux setpriv), so it holds on a host with every
 * capability too; and in this JVM when its own bounding set already lacks one.
 */
@KernelTest
class CapabilityBoundsKernelTest {
    /** linux/capability.h numbers of a few capabilities docker does not grant by default. */
    private static final Map<String, Integer> EXTRA = Map.of("SYS_RESOURCE", 24, "SYS_ADMIN", 21, "NET_ADMIN", 12,
            "SYS_PTRACE", 19, "SYS_TIME", 25, "SYS_MODULE", 16, "BPF", 39, "PERFMON", 38);
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @Test
    void aChildWithoutSysResourceInItsBoundingSetIsToldSoBeforeLaunch() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set", "-sys_resource",
                ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--rm", "--root", ts.root().toString(), "--cap-add", "SYS_RESOURCE", "builtin:busybox",
                "--", "true"));
        Path err = Files.createTempFile(ts.root(), "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child CLI finished").isTrue();
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(stderr.lines().toList()).as(stderr).hasSize(1);
        assertThat(stderr).startsWith("edgefusion: --cap-add SYS_RESOURCE: the host's capability bounding set"
                + " lacks CAP_SYS_RESOURCE").doesNotContain("EPERM");
        assertThat(ts.sandboxes().list()).as("nothing was created").isEmpty();
    }

    /** Where this JVM's own bounding set lacks one (CapBnd 000001fffeffffff here), the in-process CLI too. */
    @Test
    void thisProcessIsToldTheSameForWhatItsOwnBoundingSetLacks() {
        long bnd = BoundingSet.ofSelf();
        List<String> absent = EXTRA.entrySet().stream().filter(e -> (bnd & (1L << e.getValue())) == 0)
                .map(Map.Entry::getKey).sorted().toList();
        for (String cap : absent) {
            CliRun r = CliRun.of("run", "--rm", "--root", ts.root().toString(), "--cap-add", cap,
                    "builtin:busybox", "--", "true");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.RUNTIME_ERROR);
            assertThat(r.err()).startsWith("edgefusion: --cap-add " + cap + ": the host's capability bounding"
                    + " set lacks CAP_" + cap);
        }
        // A capability the host has passes the check (and the sandbox runs).
        String present = EXTRA.keySet().stream().filter(c -> !absent.contains(c)).sorted().findFirst().orElseThrow();
        CliRun ok = CliRun.of("run", "--rm", "--root", ts.root().toString(), "--cap-add", present,
                "builtin:busybox", "--", "true");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ts.sandboxes().list()).isEmpty();
    }
}
