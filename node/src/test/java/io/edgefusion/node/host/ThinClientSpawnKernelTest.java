package io.edgefusion.node.host;

import io.edgefusion.nativehelper.HelperResource;
import io.edgefusion.node.NodePaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real thin client and a real node socket: a command's launcher has the client start processes as its own
 * children (SPAWN / SPAWNED / REAPED), a cold invocation's launcher starts them as this JVM's; and the client's
 * argv rules for {@code oci} commands (its --root is not the node's; --preserve-fds goes to the launcher).
 */
class ThinClientSpawnKernelTest {
    private static final Pattern SPAWN = Pattern.compile("spawn pid=(\\d+) out=(.*) code=(\\d+)");

    @TempDir
    Path tmp;

    private Path root;
    private Path empty;
    private Path client;
    private Path launcher;
    private FakeRunner runner;
    private NodeSocket socket;

    @BeforeEach
    void start() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectory(tmp.resolve("root"));
        empty = Files.createDirectory(tmp.resolve("empty"));
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        client = bin.resolve("edgefusion-client");
        try (InputStream in = HelperResource.class.getResourceAsStream(HelperResource.CLIENT_NAME)) {
            assertThat(in).as("the client binary (native module built)").isNotNull();
            Files.write(client, in.readAllBytes());
        }
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwxr-xr-x"));
        launcher = bin.resolve("fake-launcher");
        Files.writeString(launcher, "#!/bin/sh\necho \"launcher NO_CLIENT=$EDGEFUSION_NO_CLIENT"
                + " fd7=$(test -e /proc/$$/fd/7 && echo open || echo closed) args=$*\"\nexit 7\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        runner = new FakeRunner();
        socket = NodeSocket.open(new NodePaths(root), new CommandHost(runner), (in, out, peer) -> { });
    }

    @AfterEach
    void stop() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }

    @Test
    void spawnedProcessesAreTheClientsChildrenWithWorkingPipesAndExitCodes() throws Exception {
        Process p = start(List.of(client.toString(), "--root", root.toString(), "spawn"), Map.of("FOO", "bar"));
        Result r = finish(p, List.of("spawn"));
        assertThat(r.code).as(r.toString()).isZero();
        List<String> lines = r.out.lines().toList();
        assertThat(lines).as(r.toString()).hasSize(2);
        Matcher a = match(lines.get(0));
        Matcher b = match(lines.get(1));
        long node = ProcessHandle.current().pid();
        assertThat(p.pid()).isNotEqualTo(node);
        // The child's parent is the client, not the node; it got no environment; its stdin came through our pipe.
        assertThat(a.group(2)).isEqualTo(p.pid() + " unset|through the pipes|");
        assertThat(a.group(3)).isEqualTo("0");
        assertThat(b.group(2)).isEqualTo(p.pid() + "|");
        assertThat(b.group(3)).isEqualTo("3");
        assertThat(a.group(1)).isNotEqualTo(b.group(1));
    }

    @Test
    void theLaunchHelperStartedThroughTheClientIsItsChild() throws Exception {
        Process p = start(List.of(client.toString(), "--root", root.toString(), "helper-exec", tmp.toString()),
                Map.of());
        Result r = finish(p, List.of("helper-exec"));
        assertThat(r.code).as(r.toString()).isZero();
        // The workload's parent is the helper; the helper's parent is the client.
        assertThat(r.out).as(r.toString()).startsWith("PPid:\t" + p.pid() + "\nhelper=").endsWith(" code=4\n");
    }

    @Test
    void aDestroyedSpawnEndsBySigkillAndIsReaped() throws Exception {
        Result r = finish(start(List.of(client.toString(), "--root", root.toString(), "spawn-kill"), Map.of()),
                List.of("spawn-kill"));
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).isEqualTo("alive=true code=137 alive=false\n");
    }

    @Test
    void aProgramTheClientCannotStartIsAnErrorWithItsErrno() throws Exception {
        Result r = finish(start(List.of(client.toString(), "--root", root.toString(), "spawn-missing"), Map.of()),
                List.of("spawn-missing"));
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).startsWith("error: start /nonexistent/edgefusion-test-program through the thin client (pid ")
                .contains("ENOENT");
    }

    @Test
    void aClientThatVanishesBeforeItAnswersFailsTheSpawnInsteadOfHangingIt() throws Exception {
        Process p = start(List.of(client.toString(), "--root", root.toString(), "spawn-vanish"), Map.of());
        try {
            String outcome = runner.spawnOutcomes.poll(90, TimeUnit.SECONDS);
            assertThat(outcome).as("the spawn's outcome").isEqualTo("failed: start /bin/cat through the thin client"
                    + " (pid " + p.pid() + "): the connection to the client ended");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("killed by the command").isEqualTo(137);
        } finally {
            p.destroyForcibly(); // a client left stopped by a failure
        }
        waitFor(() -> socket.openConnections() == 0, "the connection closed");
    }

    @Test
    void aColdInvocationsLauncherStartsThisProcesssChildren() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Invocation inv = new Invocation(List.of("spawn"), tmp, Map.of(), InputStream.nullInputStream(), ps, ps,
                CallerFds.self(), handler -> () -> { });
        assertThat(runner.run(inv)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        long self = ProcessHandle.current().pid();
        assertThat(match(lines.get(0)).group(2)).isEqualTo(self + " unset|through the pipes|");
        assertThat(match(lines.get(1)).group(2)).isEqualTo(self + "|");
        assertThat(match(lines.get(1)).group(3)).isEqualTo("3");
    }

    @Test
    void anOciCommandsRootIsNotTheNodesRoot() throws Exception {
        // Its --root names a directory without a node; the environment names the node: the node runs it.
        Result viaEnv = finish(start(List.of(client.toString(), "oci", "--root", empty.toString(), "list"),
                Map.of("EDGEFUSION_ROOT", root.toString(), "EDGEFUSION_LAUNCHER", launcher.toString())),
                List.of("oci"));
        assertThat(viaEnv.code).as(viaEnv.toString()).isZero();
        assertThat(viaEnv.out).isEqualTo("oci:--root " + empty + " list\n");
        assertThat(runner.seen.poll(10, TimeUnit.SECONDS).args()).containsExactly("oci", "--root", empty.toString(),
                "list");
        // Its --root names the node's directory, the environment does not: no node for it.
        Result notViaRoot = finish(start(List.of(client.toString(), "oci", "--root=" + root, "list"),
                Map.of("EDGEFUSION_ROOT", empty.toString(), "EDGEFUSION_LAUNCHER", launcher.toString())),
                List.of("oci"));
        assertThat(notViaRoot.code).as(notViaRoot.toString()).isEqualTo(7);
        assertThat(notViaRoot.out).isEqualTo("launcher NO_CLIENT=1 fd7=closed args=oci --root=" + root + " list\n");
        // Not an oci command: --root finds the node as before.
        Result other = finish(start(List.of(client.toString(), "--root", root.toString(), "oci-not", "x"),
                Map.of("EDGEFUSION_ROOT", empty.toString(), "EDGEFUSION_LAUNCHER", launcher.toString())),
                List.of("oci-not"));
        assertThat(other.code).isEqualTo(125);
        assertThat(other.err).contains("fake: unknown verb oci-not");
        assertThat(runner.seen.poll(10, TimeUnit.SECONDS).args()).containsExactly("--root", root.toString(),
                "oci-not", "x");
    }

    @Test
    void anOciCommandThatPreservesFdsRunsInTheLauncherWithThem() throws Exception {
        Map<String, String> env = Map.of("EDGEFUSION_ROOT", root.toString(), "EDGEFUSION_LAUNCHER",
                launcher.toString());
        for (List<String> args : List.of(List.of("oci", "--preserve-fds", "2", "run", "c1"),
                List.of("oci", "run", "--preserve-fds=1", "c1"), List.of("oci", "exec", "-preserve-fds", "01", "c1"))) {
            List<String> cmd = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" 7</dev/null", "sh", client.toString()));
            cmd.addAll(args);
            Result r = finish(start(cmd, env), args);
            assertThat(r.code).as(r.toString()).isEqualTo(7);
            assertThat(r.out).isEqualTo("launcher NO_CLIENT=1 fd7=open args=" + String.join(" ", args) + "\n");
        }
        assertThat(runner.seen).as("the node never ran them").isEmpty();
        // Zero fds to preserve, or the flag outside an oci command: the node runs it.
        Result zero = finish(start(List.of(client.toString(), "oci", "run", "--preserve-fds", "0", "c1"), env),
                List.of("oci"));
        assertThat(zero.code).as(zero.toString()).isZero();
        assertThat(zero.out).isEqualTo("oci:run --preserve-fds 0 c1\n");
        Result notOci = finish(start(List.of(client.toString(), "exit", "4", "--preserve-fds", "3"), env),
                List.of("exit"));
        assertThat(notOci.code).as(notOci.toString()).isEqualTo(4);
    }

    private static Matcher match(String line) {
        Matcher m = SPAWN.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        return m;
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

    private Process start(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().remove("EDGEFUSION_ROOT");
        pb.environment().remove("EDGEFUSION_LAUNCHER");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Result finish(Process p, List<String> what) throws Exception {
        p.getOutputStream().close();
        var err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", what)).isTrue();
        return new Result(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    }
}
