package io.edgefusion.cli;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.CFixtures;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller's terminal is relayed, never handed in, even now that the caller's other fds are: at a real
 * terminal ({@code script}) a workload's 0, 1, 2 are relay pipes, and the TIOCSTI fixture reaches nothing of the
 * caller's, also when some of its stdio is a pipe that is handed.
 */
@KernelTest
class TerminalRelayKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final Path ef = CliProcess.launcher(ts.root());
    private final String run = ef + " run --root=" + ts.root() + " --rm ";

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @Test
    void aTerminalOnStdinStdoutAndStderrIsRelayed() throws Exception {
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            // stdin, stdout and stderr all the terminal: the workload's three are relay pipes
            t.type(run + "-i builtin:busybox -- sh -c 'for f in 0 1 2; do readlink /proc/self/fd/$f; done;"
                    + " echo X$((1+1))Y'; echo rc=$((3+4))$?");
            String shown = t.await("rc=70");
            assertThat(shown).contains("X2Y").doesNotContain("/dev/pts");
            assertThat(shown.split("pipe:\\[", -1)).as(shown).hasSize(4);
            t.sync();
            // stdin not a terminal here (/dev/null): with -i it is handed, the terminal on 1 and 2 still relayed
            t.type(run + "-i builtin:busybox -- sh -c 'for f in 0 1 2; do readlink /proc/self/fd/$f; done;"
                    + " echo X$((2+2))Y' </dev/null; echo rc=$((4+4))$?");
            shown = t.await("rc=80");
            assertThat(shown).contains("/dev/null\r").contains("X4Y").doesNotContain("/dev/pts");
            assertThat(shown.split("pipe:\\[", -1)).as(shown).hasSize(3);
            t.sync();
        }
    }

    @Test
    void stdinFromTheTerminalIsRelayedWhileStdoutIsHanded() throws Exception {
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            // The reaper relays the typed line although the workload's output pipes closed at its execve.
            t.type(run + "-i builtin:busybox -- sh -c 'echo READY$((2+5)); read line; echo got-$line;"
                    + " readlink /proc/self/fd/1' | cat; echo rc=$((1+8))");
            t.await("READY7");
            t.type("abc");
            String shown = t.await("rc=9");
            assertThat(shown).contains("got-abc").contains("pipe:[");
            t.sync();
        }
    }

    @Test
    void tiocstiReachesNothingOfTheCallersWhenPartOfItsStdioIsHanded() throws Exception {
        Path fx = Files.createDirectories(ts.root().resolve("fx"));
        CFixtures.installInto("tiocsti", fx);
        Path proof = ts.root().resolve("proof");
        Path seen = ts.root().resolve("seen");
        try (ScriptTerminal t = new ScriptTerminal(24, 80)) {
            String mount = " --mount type=bind,src=" + fx + ",dst=/fx,ro builtin:busybox -- /fx/tiocsti 'touch "
                    + proof + "'";
            // stdout a pipe (handed), stdin and stderr the terminal (relayed)
            t.type(run + mount + " | cat > " + seen + "; echo rc=$((5+5))");
            t.await("rc=10");
            t.sync();
            // stdout the terminal (relayed), stdin a pipe (handed with -i)
            t.type("echo x | " + run + "-i" + mount + "; echo rc=$((6+6))");
            t.await("rc=12");
            t.sync(); // anything injected into the caller's terminal would be read by its shell before this
        }
        assertThat(Files.readString(seen)).contains("fd1 refused").doesNotContain("injected");
        assertThat(proof).doesNotExist();
    }
}
