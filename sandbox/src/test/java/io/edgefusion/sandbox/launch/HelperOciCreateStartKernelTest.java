package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The create/start split ({@code fifo}) and the helper without a reaper ({@code reap 0}), whose workload is left
 * to the caller's subreaper (the {@code subreaper} fixture, in conmon's place).
 */
@KernelTest
class HelperOciCreateStartKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    /** The FIFO's one byte, read as an OCI start does: opening it releases the waiting child. */
    private static int start(Path fifo) throws Exception {
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            return in.read();
        }
    }

    private static byte[] cmdline(long pid) throws Exception {
        return Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
    }

    @Test
    void afterCreatedTheChildWaitsUnexecutedUntilTheFifoIsOpened() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "fifo");
        Path fifo = OciSpecs.fifo(ts.root().resolve("exec.fifo"));
        try (RawHelper h = RawHelper.start(ts.root(), OciSpecs.run(root, "echo the workload ran")
                .line("fifo", fifo).finish())) {
            long pid = h.awaitPid();
            h.go();
            assertThat(h.line()).as(h.stderr()).matches("created [0-9]+");
            // still the helper's image: set up, not exec'd
            assertThat(Arrays.equals(cmdline(pid), cmdline(h.pid()))).isTrue();
            assertThat(ProcessHandle.of(pid)).isPresent();
            assertThat(start(fifo)).isEqualTo('0');
            assertThat(h.rest()).isEqualTo("the workload ran\n");
            assertThat(h.waitFor()).isZero();
        }
    }

    @Test
    void createFailsEarlyForACommandThatIsMissingOrNotExecutable() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "fifofail");
        Files.writeString(root.resolve("bin/plain"), "#!/bin/sh\n", java.nio.file.StandardOpenOption.CREATE);
        Files.setPosixFilePermissions(root.resolve("bin/plain"), PosixFilePermissions.fromString("rw-r--r--"));
        Path fifo = OciSpecs.fifo(ts.root().resolve("fail.fifo"));
        assertThat(createFailure(command(root, "no-such-command").line("fifo", fifo).finish()))
                .isEqualTo("error exec%20no-such-command 2");
        assertThat(createFailure(command(root, "plain").line("fifo", fifo).finish()))
                .isEqualTo("error exec%20plain 13");
        assertThat(createFailure(command(root, "/bin/plain").line("fifo", fifo).finish()))
                .isEqualTo("error exec%20/bin/plain 13");
        assertThat(createFailure(command(root, "true").line("fifo", ts.root().resolve("no.fifo")).finish()))
                .isEqualTo("error open%20fifo%20" + ts.root().resolve("no.fifo") + " 2");
        // without the sandbox's own /proc the FIFO cannot be reopened: known before "created"
        String noProc = new ProtocolWriter().line("mode", "run").line("ns", "mnt,pid").line("root", root)
                .line("rootbind", 1).line("fifo", fifo).line("arg", "/bin/true").line("user", 0, 0).finish();
        assertThat(createFailure(noProc)).isEqualTo("error reopen%20fifo 2");
        // a FIFO the workload's user may not write to (0600, root's): EACCES, also before "created"
        Path mine = ts.root().resolve("root-only.fifo");
        OciSpecs.run(java.util.List.of("mkfifo", "-m", "0600", mine.toString()));
        assertThat(createFailure(command(root, "true").line("fifo", mine).line("user", 1000, 1000).finish()))
                .isEqualTo("error reopen%20fifo 13");
    }

    private static ProtocolWriter command(Path root, String argv0) {
        return new ProtocolWriter().line("mode", "run").line("ns", "mnt,pid").line("root", root).line("rootbind", 1)
                .line("mount", "proc", "/proc", "proc", OciSpecs.PROC_FLAGS, null, "dir").line("arg", argv0)
                .line("env", "PATH=/bin").line("user", 0, 0);
    }

    private String createFailure(String spec) {
        try (RawHelper h = RawHelper.start(ts.root(), spec)) {
            h.awaitPid();
            h.go();
            String line = h.line();
            assertThat(h.waitFor()).as(line).isEqualTo(125);
            return line;
        }
    }

    /**
     * Without a reaper the helper exits right after "started" and the workload, with no parent-death signal,
     * lives on as the subreaper's child, its stdout the sandbox's /dev/null; detached or not.
     */
    @ParameterizedTest(name = "detach={0}")
    @ValueSource(booleans = {false, true})
    void withoutAReaperTheWorkloadGoesToTheSubreaper(boolean detach) throws Exception {
        Path root = OciSpecs.freshRoot(ts, "reap0");
        try (RawHelper h = RawHelper.underSubreaper(ts.root(), OciSpecs.run(root, "exec sleep 600")
                .line("reap", 0).line("detach", detach ? 1 : 0).finish())) {
            long pid = h.awaitPid();
            h.go();
            assertThat(h.line()).as(h.stderr()).startsWith("started ");
            String helper = h.reaped();
            assertThat(helper).matches("reaped [0-9]+ child 0");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
            assertThat(RawHelper.parentOf(pid)).isEqualTo(h.pid());
            for (int fd = 0; fd < 3; fd++) {
                assertThat(Files.isSameFile(Path.of("/proc/" + pid + "/fd/" + fd), root.resolve("dev/null")))
                        .as("the sandbox's own /dev/null, not the host's").isTrue();
            }
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertThat(h.reaped()).isEqualTo("reaped " + pid + " adopted 137");
            assertThat(h.waitFor()).isZero();
        }
    }

    /**
     * create and start with no reaper, the workload's stdout a pipe of ours handed through a caller process
     * ({@code stdio}), then an exec with none: each workload is the subreaper's to wait for.
     */
    @Test
    void createStartAndExecWithoutAReaper() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "reap0fifo");
        Path fifo = OciSpecs.fifo(ts.root().resolve("reap0.fifo"));
        Process caller = new ProcessBuilder("sleep", "600").start();
        BufferedReader said = new BufferedReader(new InputStreamReader(caller.getInputStream(),
                StandardCharsets.UTF_8));
        try (RawHelper h = RawHelper.underSubreaper(ts.root(), OciSpecs.run(root, "echo started; exec sleep 600")
                .line("stdio", caller.pid(), null, 1, null).line("fifo", fifo).line("reap", 0).finish())) {
            long pid = h.awaitPid();
            h.go();
            assertThat(h.line()).as(h.stderr()).matches("created [0-9]+");
            assertThat(h.reaped()).matches("reaped [0-9]+ child 0");
            assertThat(RawHelper.parentOf(pid)).isEqualTo(h.pid());
            assertThat(start(fifo)).isEqualTo('0');
            assertThat(said.readLine()).isEqualTo("started");

            try (RawHelper e = RawHelper.underSubreaper(ts.root(), OciSpecs.exec(pid, "exec sleep 600")
                    .line("reap", 0).finish())) {
                long exec = e.awaitPid();
                e.go();
                assertThat(e.line()).startsWith("started ");
                assertThat(e.reaped()).matches("reaped [0-9]+ child 0");
                assertThat(RawHelper.parentOf(exec)).isEqualTo(e.pid());
                ProcessHandle.of(exec).orElseThrow().destroyForcibly();
                assertThat(e.reaped()).isEqualTo("reaped " + exec + " adopted 137");
            }
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertThat(h.reaped()).isEqualTo("reaped " + pid + " adopted 137");
            assertThat(h.waitFor()).isZero();
        } finally {
            caller.destroyForcibly();
            caller.waitFor();
        }
    }
}
