package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox commands through the real CLI entry point: exit codes, one-line errors, the lifecycle. */
@KernelTest
class SandboxCommandsKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final String root = ts.root().toString();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private CliRun cli(String... args) {
        return CliRun.under(root, args);
    }

    private static void oneLine(CliRun r, int code, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(code);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("edgefusion: ").contains(fragments);
    }

    /** A CPU that is not online here: an offline one if the host has any, else one past the last possible. */
    private static String offlineCpu() {
        try {
            var possible = io.edgefusion.kernel.sys.CpuSet.parse(java.nio.file.Files.readString(
                    java.nio.file.Path.of("/sys/devices/system/cpu/possible")).strip(), null);
            var online = io.edgefusion.kernel.sys.CpuSet.parse(java.nio.file.Files.readString(
                    java.nio.file.Path.of("/sys/devices/system/cpu/online")).strip(), null);
            for (int cpu = possible.bits().nextSetBit(0); cpu >= 0; cpu = possible.bits().nextSetBit(cpu + 1)) {
                if (!online.contains(cpu)) {
                    return Integer.toString(cpu);
                }
            }
            return Integer.toString(possible.bits().length());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void runReturnsTheWorkloadsExitCodeAndItsStdout() {
        CliRun r = cli("run", "--rm", "builtin:busybox", "--", "sh", "-c", "echo out; exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        CliRun noSeparator = cli("run", "--rm", "builtin:busybox", "echo", "-n", "x");
        assertThat(noSeparator.out()).isEqualTo("x");
    }

    @Test
    void notFoundIs127AndNotExecutableIs126() {
        oneLine(cli("run", "--rm", "builtin:busybox", "--", "nosuchcmd"), 127, "exec nosuchcmd", "ENOENT");
        oneLine(cli("run", "--rm", "builtin:busybox", "--", "/etc/passwd"), 126, "exec /etc/passwd", "EACCES");
    }

    @Test
    void badInputIsOneLineWithExit125AndLeavesNothing() {
        oneLine(cli("run", "--memory", "0", "builtin:busybox", "true"), 125, "--memory 0: below the minimum 6m");
        oneLine(cli("run", "--memory", "12q", "builtin:busybox", "true"), 125, "--memory 12q", "expected a size");
        oneLine(cli("run", "--cpus", "-1", "builtin:busybox", "true"), 125, "--cpus -1", "positive");
        String offline = offlineCpu();
        oneLine(cli("run", "--cpuset-cpus", offline, "builtin:busybox", "true"), 125, "--cpuset-cpus " + offline,
                "outside the online CPUs");
        oneLine(cli("run", "/no/such/rootfs", "true"), 125, "/no/such/rootfs", "no such directory");
        oneLine(cli("run", "-u", "ghost", "builtin:busybox", "true"), 125, "--user ghost");
        // (not bridge: that is a real network now, and this JVM runs in the machine's own network namespace)
        oneLine(cli("run", "--network", "bad/x", "builtin:busybox", "true"), 125, "--network bad/x",
                "expected none, host, bridge or a network's name");
        oneLine(cli("run", "--cap-add", "FLY", "builtin:busybox", "true"), 125, "--cap-add FLY", "unknown capability");
        oneLine(cli("kill", "-s", "BOGUS", "x"), 125, "--signal BOGUS");
        oneLine(cli("rm", "no-such-sandbox"), 125, "no such sandbox: no-such-sandbox");
        assertThat(ts.sandboxes().list()).isEmpty();
    }

    @Test
    void hostileNamesPathsAndIdsAreOneLineErrorsThatTouchNothing() throws Exception {
        java.nio.file.Path outside = java.nio.file.Files.createDirectory(ts.root().resolve("outside"));
        java.nio.file.Files.writeString(outside.resolve("precious"), "keep");
        java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(ts.root().resolve("link-to-dir"), outside);
        CliRun svc = cli("run", "-d", "builtin:busybox", "sleep", "600");
        assertThat(svc.exitCode()).as(svc.err()).isZero();
        for (String verb : new String[]{"rm", "stop", "kill", "inspect", "logs", "diff"}) {
            String[] args = verb.equals("rm") ? new String[]{verb, "-f", link.toString()} : new String[]{verb,
                    link.toString()};
            oneLine(cli(args), 125, "no such sandbox: " + link);
        }
        oneLine(cli("rm", "-f", "/usr/bin/X11"), 125, "no such sandbox: /usr/bin/X11");
        oneLine(cli("exec", "/usr/bin/X11", "true"), 125, "no such sandbox: /usr/bin/X11");
        oneLine(cli("commit", "/usr/bin/X11", "x:y"), 125, "no such sandbox: /usr/bin/X11");
        oneLine(cli("run", "--name", "../../outside/n", "builtin:busybox", "true"), 125, "--name ../../outside/n");
        oneLine(cli("run", "--name", "/tmp/abs", "builtin:busybox", "true"), 125, "--name /tmp/abs");
        oneLine(cli("run", "-u", "4294967296", "builtin:busybox", "id", "-u"), 125, "4294967296",
                "0 to 4294967294");
        oneLine(cli("run", "-u", "0:4294967296", "builtin:busybox", "id", "-u"), 125, "4294967296");
        oneLine(cli("exec", "-u", "4294967296", svc.out().strip(), "id", "-u"), 125, "4294967296");
        assertThat(outside.resolve("precious")).hasContent("keep");
        assertThat(ts.sandboxes().list()).singleElement().satisfies(s -> assertThat(s.status().label())
                .isEqualTo("running"));
    }

    @Test
    void detachedLifecycleThroughTheCli() throws Exception {
        CliRun run = cli("run", "-d", "--name", "svc", "--memory", "32m", "builtin:busybox", "--", "sh", "-c",
                "echo up; exec sleep 600");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String id = run.out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        oneLine(cli("run", "-d", "--name", "svc", "builtin:busybox", "true"), 125, "name svc is already in use");

        assertThat(cli("ps").out()).contains(id.substring(0, 12)).contains("svc").contains("running");
        assertThat(cli("ps", "-aq").out()).isEqualTo(id + "\n");
        JsonNode ps = new ObjectMapper().readTree(cli("ps", "--json").out()).path("sandboxes");
        assertThat(ps.get(0).path("id").asText()).isEqualTo(id);
        assertThat(ps.get(0).path("status").asText()).isEqualTo("running");

        JsonNode inspect = new ObjectMapper().readTree(cli("inspect", "svc").out()).path("sandboxes").get(0);
        assertThat(inspect.path("status").asText()).isEqualTo("running");
        assertThat(inspect.path("resources").path("limits").path("memoryMax").path("effective").asLong())
                .isEqualTo(32L << 20);
        assertThat(inspect.path("injectedEnv").path("GOMEMLIMIT").asLong()).isEqualTo((32L << 20) * 9 / 10);
        assertThat(inspect.path("state").path("pid").asLong()).isPositive();

        CliRun exec = cli("exec", "svc", "--", "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; exit 4");
        assertThat(exec.exitCode()).isEqualTo(4);
        assertThat(exec.out()).startsWith("sleep 600");
        oneLine(cli("exec", "svc", "--", "nosuchcmd"), 127, "exec nosuchcmd");

        assertThat(cli("logs", "svc").out()).isEqualTo("up\n");
        oneLine(cli("rm", "svc"), 125, "svc is running", "rm -f");
        assertThat(cli("stop", "-t", "0", "svc").exitCode()).isZero();
        assertThat(cli("ps", "-a").out()).contains("exited (137)");
        assertThat(cli("rm", "svc").exitCode()).isZero();
        assertThat(cli("ps", "-a").out().lines().count()).isEqualTo(1); // the header only
        ts.assertGone(id);
    }
}
