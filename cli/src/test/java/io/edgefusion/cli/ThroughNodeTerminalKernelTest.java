package io.edgefusion.cli;

import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A terminal and signals through the thin client into a real {@code edgefusion node}: under {@code script} the
 * workload gets a pty of its own with the caller's size and its resizes, Ctrl-C reaches the workload and not
 * the node, the caller's terminal modes come back; INT, TERM and HUP sent to the client of an attached run reach
 * the workload, whose exit code the client exits with; a SIGKILLed client ends its command in the node, which
 * removes the --rm sandbox and keeps serving. The client's fallback is {@link BothWays}'s tripwire.
 */
@KernelTest
class ThroughNodeTerminalKernelTest {
    private static final long DEADLINE_MS = 120_000;

    private static TestSandboxes ts;
    private static NodeProcess node;
    private static BothWays both;
    private static String ef;

    @BeforeAll
    static void start() throws Exception {
        ts = new TestSandboxes();
        Path work = Files.createDirectory(ts.root().resolve("work"));
        both = new BothWays(Files.createDirectory(ts.root().resolve("bin")), work);
        node = NodeProcess.start(both.launcher(), ts.root());
        ef = "EDGEFUSION_LAUNCHER=" + both.env().get("EDGEFUSION_LAUNCHER") + " " + both.clientBinary()
                + " --root=" + ts.root();
    }

    @AfterAll
    static void stop() {
        try {
            if (node != null) {
                assertThat(node.alive()).as("the node outlived every command; its log:\n" + node.log()).isTrue();
                node.close();
            }
        } finally {
            if (ts != null) {
                ts.close();
            }
        }
    }

    @Test
    void anInteractiveShellHasItsOwnPtyFollowsResizesTakesCtrlCAndGivesTheModesBack() throws Exception {
        Path before = ts.root().resolve("modes-before");
        Path after = ts.root().resolve("modes-after");
        Path ttyName = ts.root().resolve("outer-tty");
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            t.type("tty > " + ttyName + "; stty -g > " + before);
            t.sync();
            t.type(ef + " run --rm -it --name tty-life builtin:busybox -- sh; echo rc=$?; stty -g > " + after);
            t.type("tty; stty size; echo W$((1+1))");
            String shown = t.await("W2");
            assertThat(shown).containsPattern("/dev/pts/0\\r+\\n").containsPattern("24 80\\r+\\n")
                    .doesNotContain(BothWays.FELL_BACK);
            // Resizing the caller's terminal sends SIGWINCH to its foreground group: the client, which tells the node.
            Process resize = new ProcessBuilder("stty", "-F", Files.readString(ttyName).strip(), "rows", "50",
                    "cols", "120").inheritIO().start();
            assertThat(resize.waitFor()).isZero();
            t.type("stty size; echo W$((2+2))");
            assertThat(t.await("W4")).containsPattern("50 120\\r+\\n");
            // Ctrl-C is a key the sandbox's own terminal turns into SIGINT for its foreground job.
            t.type("trap 'echo TRAP$((3+4))' INT; sleep 600 & wait; echo waited=$?");
            awaitTop("tty-life", "sleep 600");
            t.keys("\u0003");
            t.await("TRAP7");
            t.await("waited=130");
            t.type("kill %1; exit 3");
            t.await("rc=3");
            t.sync();
        }
        assertThat(Files.readString(after)).isEqualTo(Files.readString(before));
        assertThat(node.alive()).isTrue();
        awaitGone("tty-life");
    }

    @Test
    void ctrlCWithoutATtyIsTheClientsSigintForwardedToTheWorkload() throws Exception {
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            t.type(ef + " run --rm builtin:busybox -- sh -c 'trap \"echo TRAP$((1+2)); exit 3\" INT;"
                    + " echo READY$((4+5)); sleep 600 & wait'; echo rc=$?");
            t.await("READY9");
            t.keys("\u0003");
            t.await("TRAP3");
            t.await("rc=3");
            t.sync();
        }
        assertThat(node.alive()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"INT, 2, 31", "TERM, 15, 32", "HUP, 1, 33"})
    void aSignalToTheClientReachesTheWorkloadAndTheClientExitsWithItsCode(String name, int signo, int code)
            throws Exception {
        Process client = attached("sig-" + name.toLowerCase(), "trap 'echo got-" + name + "; exit " + code + "' "
                + name + "; echo ready; sleep 600 & wait");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            Libc.kill((int) client.pid(), signo);
            assertThat(out.readLine()).isEqualTo("got-" + name);
            assertThat(client.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(client.exitValue()).isEqualTo(code);
        } finally {
            client.destroyForcibly();
        }
        awaitGone("sig-" + name.toLowerCase());
        assertThat(node.alive()).isTrue();
    }

    @Test
    void aSigkilledClientsCommandEndsInTheNodeWhichKeepsServing() throws Exception {
        Process client = attached("orphan", "echo ready; exec sleep 600");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            assertThat(both.cold(List.of("--root=" + ts.root(), "ps"), new byte[0]).out()).contains("orphan");
            client.destroyForcibly();
            assertThat(client.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).isTrue();
        }
        awaitGone("orphan");
        BothWays.Outcome ps = both.client(List.of("--root=" + ts.root(), "ps", "-a"), new byte[0]);
        assertThat(ps.code()).as(ps.toString()).isZero();
        assertThat(ps.out()).doesNotContain("orphan");
        assertThat(node.alive()).isTrue();
    }

    /** The client of {@code run --rm --name NAME builtin:busybox -- sh -c SCRIPT}, stdout on a pipe. */
    private static Process attached(String name, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(both.clientBinary().toString(), "--root=" + ts.root(), "run", "--rm",
                "--name", name, "builtin:busybox", "--", "sh", "-c", script).directory(both.cwd().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(both.env());
        return pb.start();
    }

    /** Waits until {@code top NAME} (cold) shows {@code command} running. */
    private static void awaitTop(String name, String command) {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        BothWays.Outcome top;
        while (!(top = both.cold(List.of("--root=" + ts.root(), "top", name), new byte[0])).out().contains(command)) {
            assertThat(System.currentTimeMillis()).as("top %s never showed %s: %s", name, command, top)
                    .isLessThan(end);
        }
    }

    /** Waits until {@code ps -a} (cold) no longer lists {@code name}: the --rm sandbox is gone. */
    private static void awaitGone(String name) {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        BothWays.Outcome ps;
        while ((ps = both.cold(List.of("--root=" + ts.root(), "ps", "-a"), new byte[0])).out().contains(name)) {
            assertThat(System.currentTimeMillis()).as("%s still listed: %s", name, ps).isLessThan(end);
        }
    }
}
