package io.edgefusion.cli;

import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.CFixtures;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions and terminals, at a real terminal: the CLI runs in its own JVM from a shell that {@code script}
 * gives a pty, exactly as an operator would run it.
 */
@KernelTest
class TerminalKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final Path ef = CliProcess.launcher(ts.root());
    private final String run = ef + " run --root=" + ts.root() + " --rm ";

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @Test
    void withTTheWorkloadHasAPtyOfItsOwnWithTheCallersSize() throws Exception {
        try (ScriptTerminal t = new ScriptTerminal(37, 101)) {
            t.type(run + "-t builtin:busybox -- sh -c 'tty; stty size; echo rc=$((1+1))'");
            assertThat(t.await("rc=2")).containsPattern("/dev/pts/0\r+\n").containsPattern("37 101\r+\n");

            t.type(ef + " run --root=" + ts.root() + " -d --name tty-exec builtin:busybox -- sleep 600");
            t.sync();
            t.type(ef + " exec --root=" + ts.root() + " -t tty-exec -- sh -c 'tty; stty size; echo rc=$((2+2))'");
            assertThat(t.await("rc=4")).containsPattern("/dev/pts/0\r+\n").containsPattern("37 101\r+\n");
        }
    }

    @Test
    void theWindowSizeFollowsTheCallersOnSigwinch() throws Exception {
        Path ttyName = ts.root().resolve("outer-tty");
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            t.type("tty > " + ttyName);
            t.sync();
            t.type(run + "-it builtin:busybox -- sh; echo rc=$?");
            t.type("stty size; echo W$((1+1))");
            assertThat(t.await("W2")).containsPattern("24 80\\r+\\n");
            // Resizing the caller's terminal sends SIGWINCH to its foreground group: the CLI and the helper.
            Process resize = new ProcessBuilder("stty", "-F", Files.readString(ttyName).strip(), "rows", "50",
                    "cols", "120").inheritIO().start();
            assertThat(resize.waitFor()).isZero();
            t.type("stty size; echo W$((2+2))");
            assertThat(t.await("W4")).containsPattern("50 120\\r+\\n");
            t.type("exit");
            t.await("rc=0"); // typed ahead, the next line would go to the sandbox's shell
            t.sync();
        }
    }

    @Test
    void withoutTNothingInsideHoldsTheCallersTerminal() throws Exception {
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            // Before, /dev/tty inside was the host's and the caller's terminal was the sandbox's too.
            t.type(run + "builtin:busybox -- sh -c 'tty; echo LEAK$((1+1)) > /dev/tty; ls -l /proc/self/fd/;"
                    + " echo rc=$((3+3))'");
            String shown = t.await("rc=6");
            assertThat(shown).contains("not a tty").doesNotContain("LEAK2").doesNotContain("/dev/pts");
        }
    }

    @Test
    void ctrlCReachesTheWorkload() throws Exception {
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            t.type(run + "-it builtin:busybox -- sh -c 'trap \"echo TRAP$((1+2)); exit 3\" INT;"
                    + " echo READY$((4+5)); sleep 600 & wait'; echo rc=$?");
            t.await("READY9");
            t.keys("\u0003");
            t.await("TRAP3");
            t.await("rc=3");
        }
    }

    @Test
    void anInteractiveShellWorksAndTheCallersModesComeBack() throws Exception {
        Path before = ts.root().resolve("modes-before");
        Path after = ts.root().resolve("modes-after");
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            t.type("stty -g > " + before + "; " + run + "-it builtin:busybox -- sh; echo rc=$?; stty -g > " + after);
            t.type("echo V$((6*7))W");
            t.await("V42W");
            t.type("exit 7");
            t.await("rc=7");
            t.sync();
        }
        assertThat(Files.readString(after)).isEqualTo(Files.readString(before));
    }

    @Test
    void theCallersModesComeBackWhenTheCliIsSentSigterm() throws Exception {
        Path before = ts.root().resolve("modes-before");
        Path after = ts.root().resolve("modes-after");
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            t.type("stty -g > " + before + "; " + run + "--name modes-term -it builtin:busybox -- sh -c"
                    + " 'trap \"exit 4\" TERM; echo READY$((4+5)); sleep 600 & wait'; echo rc=$?; stty -g > " + after);
            t.await("READY9");
            ProcessHandle cli = t.descendant("modes-term").orElseThrow();
            Libc.kill((int) cli.pid(), Libc.SIGTERM);
            t.await("rc=4");
            t.sync();
        }
        assertThat(Files.readString(after)).isEqualTo(Files.readString(before));
    }

    @ParameterizedTest(name = "[{index}] tty=''{0}'' user=''{1}''")
    @CsvSource({"'', ''", "'', --rootless -u 1000", "-t, ''", "-t, --rootless -u 1000"})
    void tiocstiInsideLeavesTheCallersShellUntouched(String tty, String user) throws Exception {
        Path fx = Files.createDirectories(ts.root().resolve("fx"));
        CFixtures.installInto("tiocsti", fx);
        Path proof = ts.root().resolve("proof");
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            t.type(run + tty + " " + user + " --mount type=bind,src=" + fx + ",dst=/fx,ro builtin:busybox --"
                    + " /fx/tiocsti 'touch " + proof + "'; echo rc=$((5+5))");
            String shown = t.await("rc=10");
            if (!tty.isEmpty()) {
                // The attack itself works, on the one terminal it has: the sandbox's own pty.
                assertThat(shown).contains("fd0 injected");
            }
            // Anything injected into the caller's terminal would be read by its shell before this.
            t.sync();
        }
        assertThat(proof).doesNotExist();
    }

    @ParameterizedTest(name = "[{index}] tty=''{0}''")
    @ValueSource(strings = {"", "-t"})
    void killMinus9ZeroAndMinus1InsideKillOnlyTheSandbox(String tty) throws Exception {
        Process sibling = new ProcessBuilder("sleep", "600").start();
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            t.type(run + tty + " builtin:busybox -- sh -c 'sleep 600 & kill -9 0; kill -9 -1; echo AFTER$((1+1))';"
                    + " echo rc=$?");
            assertThat(t.await("rc=0")).contains("AFTER2");
            t.sync(); // the caller's shell is alive
            assertThat(sibling.isAlive()).isTrue();
        } finally {
            sibling.destroyForcibly();
            sibling.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
