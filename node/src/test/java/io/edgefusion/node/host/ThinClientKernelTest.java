package io.edgefusion.node.host;

import io.edgefusion.nativehelper.HelperResource;
import io.edgefusion.node.NodePaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real thin client against a real {@link NodeSocket} and {@link CommandHost} in this JVM, with a fake
 * {@link CommandRunner}: what the client hands over arrives intact, exit codes and signals travel, no fd leaks,
 * and where no node serves the caller the client execs the launcher instead.
 */
class ThinClientKernelTest {
    @TempDir
    Path tmp;

    private Path root;
    private Path client;
    private Path launcher;
    private FakeRunner runner;
    private NodeSocket socket;

    @BeforeEach
    void start() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectory(tmp.resolve("root"));
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        client = bin.resolve("edgefusion-client");
        try (InputStream in = HelperResource.class.getResourceAsStream(HelperResource.CLIENT_NAME)) {
            assertThat(in).as("the client binary (native module built)").isNotNull();
            Files.write(client, in.readAllBytes());
        }
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwxr-xr-x"));
        launcher = bin.resolve("fake-launcher");
        Files.writeString(launcher, "#!/bin/sh\necho \"launcher NO_CLIENT=$EDGEFUSION_NO_CLIENT args=$*\"\nexit 7\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        runner = new FakeRunner();
        socket = NodeSocket.open(new NodePaths(root), new CommandHost(runner),
                (in, out, peer) -> out.write(("http saw " + new String(in.readNBytes(4))).getBytes()));
    }

    @AfterEach
    void stop() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }

    @Test
    void theSocketIsOwnerOnlyAndGoesAwayOnClose() throws IOException {
        Path s = root.resolve(NodePaths.SOCKET);
        assertThat(Files.getAttribute(s, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(0140600);
        try (Stream<Path> l = Files.list(root)) {
            assertThat(l.map(p -> p.getFileName().toString())).containsExactly(NodePaths.SOCKET);
        }
        socket.close();
        socket = null;
        assertThat(s).doesNotExist();
    }

    @Test
    void argvCwdAndEnvironmentArriveIntactOutputGoesThroughTheHandedFds() throws Exception {
        Path cwd = Files.createDirectory(tmp.resolve("a dir\nwith newline"));
        // Through sh, so argv and env can hold bytes that are not UTF-8.
        String script = "RAW=$(printf 'x\\377y') exec \"$0\" --root \"$1\" echo 'two words' \"$(printf 'l1\\nl2')\""
                + " \"$(printf '\\377\\376')\" \"$(printf 'caf\\303\\251')\"";
        Result r = run(List.of("sh", "-c", script, client.toString(), root.toString()),
                Map.of("SPACED", "a b\nc"), null, cwd);
        assertThat(r.code).as(r.toString()).isZero();
        Invocation inv = runner.seen.poll(10, TimeUnit.SECONDS);
        assertThat(inv).isNotNull();
        assertThat(inv.args()).hasSize(7).startsWith("--root", root.toString(), "echo", "two words", "l1\nl2");
        assertThat(HexFormat.of().formatHex(ClientStrings.encode(inv.args().get(5)))).isEqualTo("fffe");
        assertThat(inv.args().get(6)).isEqualTo("caf\u00e9");
        assertThat(inv.cwd()).isEqualTo(cwd);
        assertThat(inv.env()).containsEntry("SPACED", "a b\nc");
        assertThat(ClientStrings.encode(inv.env().get("RAW"))).containsExactly('x', 0xff, 'y');
        assertThat(r.out).startsWith("out:two words|l1\nl2|").endsWith("|caf\u00e9\n");
        assertThat(r.err).isEqualTo("err:" + cwd + "\n");
    }

    @Test
    void utf8ArgumentsStayText() throws Exception {
        Result r = run(List.of(client.toString(), "--root=" + root, "echo", "café"), Map.of(), null, tmp);
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(runner.seen.poll(10, TimeUnit.SECONDS).args()).containsExactly("--root=" + root, "echo", "café");
    }

    @Test
    void stdinIsPipedAndExitCodesTravel() throws Exception {
        Result cat = run(List.of(client.toString(), "cat"), Map.of("EDGEFUSION_ROOT", root.toString()),
                "line one\nline two\n", tmp);
        assertThat(cat.code).isZero();
        assertThat(cat.out).isEqualTo("line one\nline two\n");
        assertThat(run(List.of(client.toString(), "--root", root.toString(), "exit", "3"), Map.of(), null, tmp).code)
                .isEqualTo(3);
        assertThat(run(List.of(client.toString(), "--root", root.toString(), "exit", "0"), Map.of(), null, tmp).code)
                .isZero();
        Result fail = run(List.of(client.toString(), "--root", root.toString(), "fail"), Map.of(), null, tmp);
        assertThat(fail.code).isEqualTo(125);
        assertThat(fail.err).contains("fails on purpose");
    }

    @Test
    void signalsReachTheRunnersSubscription() throws Exception {
        Process p = start(List.of(client.toString(), "--root", root.toString(), "signals"), Map.of(), tmp);
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        assertThat(out.readLine()).isEqualTo("ready");
        for (String sig : List.of("INT", "TERM", "HUP", "WINCH")) {
            int before = runner.signals.size();
            assertThat(new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor()).isZero();
            waitFor(() -> runner.signals.size() > before, "signal " + sig);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(runner.signals).containsExactly(ClientProtocol.SIGINT, ClientProtocol.SIGTERM,
                ClientProtocol.SIGHUP, ClientProtocol.SIGWINCH);
    }

    @Test
    void anotherProcessWritesToTheHandedStdout() throws Exception {
        Result r = run(List.of(client.toString(), "--root", root.toString(), "fd-write"), Map.of(), null, tmp);
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).isEqualTo("from-another-process\n");
    }

    @Test
    void aTerminalIsSeenAsOneWithItsSizeAndItsResize() throws Exception {
        String inner = "stty rows 40 cols 100; exec " + client + " --root " + root + " tty";
        Result r = run(List.of("script", "-qec", inner, "/dev/null"), Map.of(), null, tmp);
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).contains("tty=true size=40x100").contains("resized size=50x120");
    }

    @Test
    void withoutANodeTheClientExecsTheLauncher() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Result r = run(List.of(client.toString(), "--root", empty.toString(), "ps", "-a"),
                Map.of("EDGEFUSION_LAUNCHER", launcher.toString()), null, tmp);
        assertThat(r.code).isEqualTo(7);
        assertThat(r.out).isEqualTo("launcher NO_CLIENT=1 args=--root " + empty + " ps -a\n");
        Result none = run(List.of(client.toString(), "--root", empty.toString(), "ps"), Map.of(), null, tmp);
        assertThat(none.code).isEqualTo(125);
        assertThat(none.err.lines()).hasSize(1).first().asString().contains("EDGEFUSION_LAUNCHER");
        assertThat(runner.seen).isEmpty();
    }

    @Test
    void anotherUidCannotConnectAndFallsBack() throws Exception {
        Result r = run(asUid1000("ps"), Map.of("EDGEFUSION_LAUNCHER", launcher.toString()), null, tmp);
        assertThat(r.code).as(r.toString()).isEqualTo(7);
        assertThat(r.out).startsWith("launcher NO_CLIENT=1");
        assertThat(runner.seen).isEmpty();
    }

    @Test
    void theNodeRefusesAnotherUidEvenWhenTheSocketLetsItIn() throws Exception {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve(NodePaths.SOCKET), PosixFilePermissions.fromString("rwxrwxrwx"));
        Result r = run(asUid1000("ps"), Map.of("EDGEFUSION_LAUNCHER", launcher.toString()), null, tmp);
        assertThat(r.code).as(r.toString()).isEqualTo(7);
        assertThat(r.out).startsWith("launcher NO_CLIENT=1");
        assertThat(runner.seen).as("the runner never ran for uid 1000").isEmpty();
    }

    @Test
    void otherProtocolsGoToTheConnectionHandlerWithTheirFirstBytes() throws Exception {
        try (var probe = new io.edgefusion.kernel.net.OwnedFd(io.edgefusion.kernel.net.UnixSockets.socket(), "t")) {
            io.edgefusion.kernel.net.UnixSockets.connect(probe.number(), root.resolve(NodePaths.SOCKET));
            byte[] req = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            probe.write(req, 0, req.length);
            assertThat(new String(probe.input().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("http saw GET ");
        }
    }

    @Test
    void aHundredCommandsLeakNoFd() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(run(List.of(client.toString(), "--root", root.toString(), "exit", "0"), Map.of(), "x", tmp)
                    .code).isZero();
        }
        waitFor(() -> socket.openConnections() == 0, "connections closed");
        long before = openFds();
        for (int i = 0; i < 100; i++) {
            Result r = run(List.of(client.toString(), "--root", root.toString(), i % 2 == 0 ? "echo" : "cat", "x"),
                    Map.of(), "in", tmp);
            assertThat(r.code).as(r.toString()).isZero();
        }
        waitFor(() -> socket.openConnections() == 0 && openFds() <= before, "fds back to " + before);
    }

    private List<String> asUid1000(String... args) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid", "1000", "--regid", "1000", "--clear-groups",
                client.toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10); // polling a condition with a deadline, not timing
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Process start(List<String> cmd, Map<String, String> env, Path cwd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("EDGEFUSION_ROOT");
        pb.environment().remove("EDGEFUSION_LAUNCHER");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Result run(List<String> cmd, Map<String, String> env, String stdin, Path cwd) throws Exception {
        Process p = start(cmd, env, cwd);
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // A command that never reads its stdin (echo) may be gone before we write it (EPIPE): not the test's
            // point; its exit code and output still are.
            if (!"Broken pipe".equals(e.getMessage()) && !"Stream closed".equals(e.getMessage())) { // closed: it exited
                throw e;
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
        return new Result(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    }
}
