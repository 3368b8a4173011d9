package io.edgefusion.cli;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.host.CallerFds;
import io.edgefusion.node.host.Invocation;
import io.edgefusion.node.host.InvocationSignals;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands run for a caller that is not this JVM, as a node runs them for thin clients: its stdio are fds of
 * this JVM other than 0, 1, 2 (pipes), its working directory and environment are not the JVM's, its signals
 * come from a test source. Output reaches exactly those fds, paths and variables are the caller's, and two such
 * callers at once on two threads do not mix.
 */
@KernelTest
class ForeignCallerKernelTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    /** A caller: its own directory (holding data/marker and its state root, state/), stdout and stderr pipes. */
    private final class Client {
        final String name;
        final Path cwd;
        final TestSandboxes state;
        final FdPipe out = new FdPipe();
        final FdPipe err = new FdPipe();
        final Map<String, String> env;

        Client(String name, Map<String, String> extraEnv) throws Exception {
            this.name = name;
            cwd = Files.createDirectory(Path.of("/tmp", "edgefusion-test-" + UUID.randomUUID().toString()
                    .substring(0, 8) + "-" + name));
            cleanup.add(() -> io.edgefusion.kernel.sys.TreeRemoval.remove(cwd));
            Files.createDirectories(cwd.resolve("data"));
            Files.writeString(cwd.resolve("data/marker"), "marker of " + name + "\n");
            state = new TestSandboxes(cwd.resolve("state"));
            cleanup.add(state);
            cleanup.add(out);
            cleanup.add(err);
            Map<String, String> e = new java.util.HashMap<>(extraEnv);
            e.put("EDGEFUSION_ROOT", "state"); // relative: the caller's state/, not the JVM's
            e.put("GREETING", "hello from " + name);
            env = Map.copyOf(e);
        }

        Invocation invocation(InvocationSignals signals, String... args) {
            return new Invocation(List.of(args), cwd, env, InputStream.nullInputStream(), out.stream(),
                    err.stream(), new CallerFds(ProcessHandle.current().pid(), -1, out.writeFd, err.writeFd),
                    signals);
        }

        int run(String... args) {
            return Main.run(invocation(NO_SIGNALS, args));
        }
    }

    private static final InvocationSignals NO_SIGNALS = handler -> () -> { };

    @Test
    void outputGoesToTheCallersFdsAndPathsAndVariablesAreTheCallers() throws Exception {
        Client c = new Client("solo", Map.of());
        int code = c.run("run", "--rm", "-e", "GREETING", "--mount", "type=bind,src=data,dst=/data,ro",
                "builtin:busybox", "--", "sh", "-c", "echo $GREETING; cat /data/marker; readlink /proc/self/fd/1;"
                        + " readlink /proc/self/fd/2 >&2; echo oops >&2; exit 4");
        assertThat(code).isEqualTo(4);
        String outLink = c.out.link();
        String errLink = c.err.link();
        // The workload's own 1 and 2 are the caller's pipes themselves, not relays.
        assertThat(c.out.text()).isEqualTo("hello from solo\nmarker of solo\n" + outLink + "\n");
        assertThat(c.err.text()).isEqualTo(errLink + "\noops\n");
        assertThat(outLink).startsWith("pipe:[");
    }

    @Test
    void theStateRootPathOptionsAndErrorsAreTheCallers() throws Exception {
        Client c = new Client("paths", Map.of());
        assertThat(c.run("run", "-d", "--name", "paths-probe", "builtin:busybox", "--", "sleep", "600")).isZero();
        assertThat(c.state.sandboxes().list()).extracting(SandboxState::name).containsExactly("paths-probe");
        assertThat(c.run("ps", "-a")).isZero();
        assertThat(c.run("rm", "-f", "paths-probe")).isZero();
        assertThat(c.state.sandboxes().list()).isEmpty();
        // A Path parameter is relative to the caller's directory.
        assertThat(c.run("mountinfo", "data")).isZero();
        assertThat(c.run("run", "--rm", "./no-such-rootfs", "--", "true")).isEqualTo(ExitCodes.RUNTIME_ERROR);
        String out = c.out.text();
        String err = c.err.text();
        assertThat(out).contains("paths-probe").contains(c.cwd.resolve("data") + " is on ");
        assertThat(err).contains("edgefusion: ").contains(c.cwd.resolve("no-such-rootfs").toString());
    }

    @Test
    void helpIsColouredByTheCallersEnvironmentAndTerminalsNotTheJvms() throws Exception {
        Client plain = new Client("plain", Map.of());
        Client forced = new Client("forced", Map.of("CLICOLOR_FORCE", "1"));
        assertThat(plain.run("ps", "--help")).isZero();
        assertThat(forced.run("ps", "--help")).isZero();
        assertThat(plain.out.text()).startsWith("Usage: edgefusion ps [").doesNotContain("\u001b[");
        assertThat(forced.out.text()).startsWith("Usage: \u001b[1medgefusion ps");
    }

    @Test
    void twoCallersAtOnceOnTwoThreadsDoNotMix() throws Exception {
        Path sync = Files.createDirectory(Path.of("/tmp", "edgefusion-test-" + UUID.randomUUID().toString()
                .substring(0, 8) + "-sync"));
        cleanup.add(() -> io.edgefusion.kernel.sys.TreeRemoval.remove(sync));
        Client a = new Client("alpha", Map.of("ME", "alpha", "OTHER", "beta"));
        Client b = new Client("beta", Map.of("ME", "beta", "OTHER", "alpha"));
        // Each workload waits (with a deadline) until the other has started: both commands run at once.
        String script = "echo $GREETING; cat /data/marker; touch /sync/$ME; i=0;"
                + " while [ ! -e /sync/$OTHER ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done;"
                + " [ -e /sync/$OTHER ] && echo met; readlink /proc/self/fd/1";
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (Client c : List.of(a, b)) {
            runs.add(CompletableFuture.supplyAsync(() -> c.run("run", "--rm", "-e", "GREETING", "-e", "ME", "-e",
                    "OTHER", "--mount", "type=bind,src=data,dst=/data,ro", "--mount", "type=bind,src=" + sync
                            + ",dst=/sync", "builtin:busybox", "--", "sh", "-c", script),
                    r -> Thread.ofVirtual().start(r)));
        }
        List<Integer> codes = new ArrayList<>();
        for (CompletableFuture<Integer> r : runs) {
            codes.add(r.get(180, TimeUnit.SECONDS));
        }
        assertThat(a.out.link()).isNotEqualTo(b.out.link());
        String errs = codes + " alpha: " + a.err.text() + " beta: " + b.err.text();
        for (Client c : List.of(a, b)) {
            String link = c.out.link();
            String err = c.err.text();
            assertThat(codes.get(c == a ? 0 : 1)).as(errs).isZero();
            assertThat(err).as(errs).isEmpty();
            assertThat(c.out.text()).as(errs).isEqualTo("hello from " + c.name + "\nmarker of " + c.name + "\nmet\n"
                    + link + "\n");
        }
    }

    /** Signals a test delivers, as a thin client forwards them; counts subscriptions. */
    private static final class TestSignals implements InvocationSignals {
        final AtomicReference<IntConsumer> handler = new AtomicReference<>();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public Subscription subscribe(IntConsumer h) {
            handler.set(h);
            open.incrementAndGet();
            opened.incrementAndGet();
            return () -> {
                handler.set(null);
                open.decrementAndGet();
            };
        }
    }

    @Test
    void signalsFromTheInvocationReachTheAttachedWorkloadWithoutAProcessWideHandler() throws Exception {
        Client c = new Client("signals", Map.of());
        TestSignals signals = new TestSignals();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(c.invocation(signals, "run",
                "--rm", "builtin:busybox", "--", "sh", "-c",
                "trap 'echo got; exit 3' TERM; echo ready; while :; do sleep 0.1; done")),
                r -> Thread.ofVirtual().start(r));
        c.out.await("ready");
        assertThat(ProcessSignals.INSTANCE.subscribed()).as("the JVM's own signals were not taken").isFalse();
        signals.handler.get().accept(15);
        assertThat(run.get(120, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(c.out.text()).isEqualTo("ready\ngot\n");
        assertThat(signals.opened.get()).isEqualTo(1);
        assertThat(signals.open.get()).as("the subscription closed with the command").isZero();
    }
}
