package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.net.Fds;
import io.edgefusion.kernel.net.Received;
import io.edgefusion.kernel.net.UnixSockets;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code console_socket}: with a pty and no reaper, the master goes to the caller's socket (SCM_RIGHTS, its
 * name as the data), as runc's --console-socket; the test is that caller, listening with the kernel module's
 * AF_UNIX calls, and talks to the workload through the master it received.
 */
@KernelTest
class HelperOciConsoleKernelTest {
    /** poll(2)'s POLLIN. */
    private static final int POLLIN = 1;
    /** A guard against a hang, not a timing assertion. */
    private static final int GUARD_MS = 60_000;

    private final TestSandboxes ts = new TestSandboxes();
    private int listener = -1;

    @AfterEach
    void tearDown() {
        if (listener >= 0) {
            Fds.close(listener);
        }
        ts.close();
    }

    private Path listen(String name) {
        Path sock = ts.root().resolve(name);
        listener = UnixSockets.socket();
        UnixSockets.bind(listener, sock);
        UnixSockets.listen(listener, 1);
        return sock;
    }

    private static ProtocolWriter withPty(Path root, String script, Path sock) {
        return OciSpecs.run(root, script).line("mount", "devpts", "/dev/pts", "devpts", OciSpecs.MS_NOSUID
                        | OciSpecs.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620", "dir")
                .line("tty", 1).line("reap", 0).line("console_socket", sock);
    }

    /** Reads from {@code fd} until {@code expected} appeared in what was read. */
    private static String readUntil(int fd, String expected) {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        while (!got.toString().contains(expected)) {
            assertThat(Fds.poll(fd, POLLIN, GUARD_MS)).as("output so far: " + got).isTrue();
            int n = Fds.read(fd, buf, 0, buf.length);
            assertThat(n).as("output so far: " + got).isPositive();
            got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return got.toString();
    }

    @Test
    void thePtyMasterGoesToTheConsoleSocketWithItsName() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "console");
        Path sock = listen("console.sock");
        try (RawHelper h = RawHelper.underSubreaper(ts.root(), withPty(root, "tty; read line; echo got-$line",
                sock).finish())) {
            long pid = h.awaitPid();
            h.go();
            assertThat(h.line()).as(h.stderr()).startsWith("started ");
            assertThat(h.reaped()).matches("reaped [0-9]+ child 0");
            int conn = UnixSockets.accept(listener);
            int master = -1;
            try {
                byte[] data = new byte[64];
                Received r = UnixSockets.recv(conn, data, 0, data.length, 1);
                assertThat(r.fds()).hasSize(1);
                master = r.fds()[0];
                String name = new String(data, 0, r.bytes(), StandardCharsets.UTF_8);
                assertThat(name).isEqualTo("/dev/pts/0");
                assertThat(readUntil(master, name)).as("the workload's tty").contains(name);
                byte[] line = "hello\n".getBytes(StandardCharsets.UTF_8);
                Fds.writeAll(master, line, 0, line.length);
                assertThat(readUntil(master, "got-hello")).contains("got-hello");
            } finally {
                Fds.close(conn);
                if (master >= 0) {
                    Fds.close(master);
                }
            }
            assertThat(h.reaped()).isEqualTo("reaped " + pid + " adopted 0");
            assertThat(h.waitFor()).isZero();
        }
    }

    /** With a reaper too (an attached OCI run): the master still goes to the socket, the reaper relays nothing. */
    @Test
    void withAReaperTheMasterGoesToTheSocketAndTheExitCodeIsTheWorkloads() throws Exception {
        Path root = OciSpecs.freshRoot(ts, "consolereap");
        Path sock = listen("reaped.sock");
        try (RawHelper h = RawHelper.start(ts.root(), withPty(root, "echo via-the-socket; exit 3", sock)
                .line("reap", 1).finish())) {
            h.awaitPid();
            h.go();
            assertThat(h.line()).as(h.stderr()).startsWith("started ");
            int conn = UnixSockets.accept(listener);
            int master = -1;
            try {
                Received r = UnixSockets.recv(conn, new byte[64], 0, 64, 1);
                master = r.fds()[0];
                assertThat(readUntil(master, "via-the-socket")).contains("via-the-socket");
            } finally {
                Fds.close(conn);
                if (master >= 0) {
                    Fds.close(master);
                }
            }
            assertThat(h.rest()).as("nothing relayed").isEmpty();
            assertThat(h.waitFor()).isEqualTo(3);
        }
    }

    @Test
    void aConsoleSocketNobodyListensOnFailsBeforeTheClone() {
        Path root = OciSpecs.freshRoot(ts, "noconsole");
        try (RawHelper h = RawHelper.start(ts.root(), withPty(root, "true", ts.root().resolve("none.sock"))
                .finish())) {
            assertThat(h.line()).isEqualTo("error console%20socket 2");
            assertThat(h.waitFor()).isEqualTo(125);
        }
    }

    /** The listener went away after the helper connected: the send fails and the workload is killed. */
    @Test
    void aConsoleSocketThatClosedBeforeTheMasterCameKillsTheWorkload() {
        Path root = OciSpecs.freshRoot(ts, "closedconsole");
        Path sock = listen("closed.sock");
        try (RawHelper h = RawHelper.underSubreaper(ts.root(), withPty(root, "exec sleep 600", sock).finish())) {
            long pid = h.awaitPid();
            Fds.close(listener); // the helper's pending connection is dropped with it
            listener = -1;
            h.go();
            assertThat(h.line()).isEqualTo("error console%20socket 32");
            assertThat(h.reaped()).matches("reaped [0-9]+ child 125");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }
}
