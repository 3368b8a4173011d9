package io.edgefusion.cli;

import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An attached CLI in its own JVM: -i relays stdin, and signals sent to the CLI reach the workload. */
@KernelTest
class AttachKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final Path ef = CliProcess.launcher(ts.root());
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        ts.close();
    }

    private Process cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ef.toString(), args[0], "--root=" + ts.root()));
        cmd.addAll(List.of(args).subList(1, args.length));
        Process p = new ProcessBuilder(cmd).start();
        started.add(p);
        return p;
    }

    private record Done(int code, String out, String err) {
    }

    private static Done finish(Process p, String stdin) throws Exception {
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = read(p.getInputStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Done(p.exitValue(), out, err.get(120, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads the CLI's stdout until the workload says {@code line}. */
    private static void awaitLine(Process p, String line) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String got = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = r.readLine()) != null; ) {
                    if (l.equals(line)) {
                        return l;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(120, TimeUnit.SECONDS);
        assertThat(got).as("the workload said " + line).isEqualTo(line);
    }

    @Test
    void dashIRelaysStdinForRunAndExecAndWithoutItStdinIsEmpty() throws Exception {
        Done run = finish(cli("run", "--rm", "-i", "builtin:busybox", "--", "wc", "-l"), "a\nb\n");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("2");
        Done none = finish(cli("run", "--rm", "builtin:busybox", "--", "wc", "-l"), "a\nb\n");
        assertThat(none.out().strip()).isEqualTo("0");

        assertThat(finish(cli("run", "-d", "--name", "stdin-exec", "builtin:busybox", "--", "sleep", "600"), null)
                .code()).isZero();
        Done exec = finish(cli("exec", "-i", "stdin-exec", "--", "wc", "-c"), "12345");
        assertThat(exec.out().strip()).isEqualTo("5");
    }

    @Test
    void terminalFlagsThatCannotWorkAreOneLineErrors() throws Exception {
        Done it = finish(cli("run", "--rm", "-it", "builtin:busybox", "--", "true"), "x");
        assertThat(it.code()).isEqualTo(125);
        assertThat(it.err()).startsWith("edgefusion: ").contains("stdin is not a terminal");
        assertThat(it.err().lines().count()).isEqualTo(1);
        Done td = finish(cli("run", "-d", "-t", "builtin:busybox", "--", "true"), null);
        assertThat(td.code()).isEqualTo(125);
        assertThat(td.err()).startsWith("edgefusion: ").contains("-t and -i need an attached sandbox");
        assertThat(td.err().lines().count()).isEqualTo(1);
        assertThat(ts.sandboxes().list()).isEmpty();
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 15", "INT, 2", "HUP, 1"})
    void aSignalToAnAttachedRunReachesTheWorkloadAndTheRmSandboxIsRemoved(String name, int number)
            throws Exception {
        Path w = Files.createDirectories(ts.root().resolve("w"));
        Process p = cli("run", "--rm", "--mount", "type=bind,src=" + w + ",dst=/w", "builtin:busybox", "--", "sh",
                "-c", "trap 'echo got > /w/signal; exit 42' " + name + "; echo ready; sleep 600 & wait");
        awaitLine(p, "ready");
        String id = ts.sandboxes().list().getFirst().id();
        Libc.kill((int) p.pid(), number);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the trap's exit code").isEqualTo(42);
        assertThat(Files.readString(w.resolve("signal"))).isEqualTo("got\n");
        assertThat(ts.sandboxes().list()).isEmpty();
        ts.assertGone(id);
    }

    @Test
    void aSigtermToAnAttachedExecEndsTheExecdProcessWith143() throws Exception {
        assertThat(finish(cli("run", "-d", "--name", "sig-exec", "builtin:busybox", "--", "sleep", "600"), null)
                .code()).isZero();
        Process p = cli("exec", "sig-exec", "--", "sh", "-c", "echo ready; exec sleep 600");
        awaitLine(p, "ready");
        Libc.kill((int) p.pid(), Libc.SIGTERM);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        // It was the exec'd process that died of it (a CLI dying alone would also say 143, leaving sleep behind).
        var s = ts.sandboxes().inspect("sig-exec");
        assertThat(s.status().label()).isEqualTo("running");
        assertThat(ts.sandboxes().cgroup(s.id()).pids()).containsExactly(s.pid());
    }
}
