package io.edgefusion.sandbox;

import io.edgefusion.kernel.cgroup.FreezerState;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.state.SandboxNames;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.StateStore;
import io.edgefusion.sandbox.state.Status;
import io.edgefusion.sandbox.testing.FreezeMain;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 8, Deliver 6: state that neither a hostile argument, a race nor a kill can corrupt. */
@KernelTest
class SandboxStateKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final List<AutoCloseable> extra = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : extra.reversed()) {
            c.close();
        }
        ts.close();
    }

    private Sandboxes.RunResult detached(String... cmd) {
        return ts.sandboxes().run(ts.spec(cmd), true, OutputStream.nullOutputStream());
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void pathLikeArgumentsNameNoSandboxAndTouchNothing() throws Exception {
        Path outside = Files.createDirectory(ts.root().resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "keep");
        Path link = Files.createSymbolicLink(ts.root().resolve("link-to-dir"), outside);
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = detached("sleep", "600");
        for (String arg : List.of(link.toString(), "/usr/bin/X11", ".", "..", "../names", "names/x", "")) {
            assertThatThrownBy(() -> sb.remove(arg, true)).as(arg).isInstanceOf(SandboxNames.NoSuchSandbox.class)
                    .hasMessageStartingWith("no such sandbox");
            assertThatThrownBy(() -> sb.stop(arg, 0)).as(arg).isInstanceOf(SandboxNames.NoSuchSandbox.class);
            assertThatThrownBy(() -> sb.kill(arg, 9)).as(arg).isInstanceOf(SandboxNames.NoSuchSandbox.class);
            assertThatThrownBy(() -> sb.inspect(arg)).as(arg).isInstanceOf(SandboxNames.NoSuchSandbox.class);
        }
        assertThat(precious).hasContent("keep");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(sb.inspect(r.id()).status()).isEqualTo(Status.RUNNING);
        assertThat(sb.cgroup(r.id()).pids()).isNotEmpty();
    }

    @Test
    void hostileNamesAreRefusedBeforeAnythingIsWritten() {
        Sandboxes sb = ts.sandboxes();
        for (String name : List.of("../../outside/n", "/tmp/abs", "a/b", ".hidden", "-x", "a".repeat(129), "")) {
            assertThatThrownBy(() -> sb.run(ts.spec("true").withName(name), true, OutputStream.nullOutputStream()))
                    .as(name).isInstanceOf(SandboxNames.InvalidSandboxName.class).hasMessageContaining("--name");
        }
        assertThat(ts.root().resolve("outside")).doesNotExist();
        assertThat(ts.root().getParent().resolve("outside")).doesNotExist();
        assertThat(ts.root().resolve("sandboxes")).doesNotExist();
        assertThat(sb.run(ts.spec("true").withName("a".repeat(128)), false, OutputStream.nullOutputStream())
                .exitCode()).isZero();
    }

    @Test
    void idsReadFromNameLinksAreValidatedAndDanglingNamesPruned() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = detached("sleep", "600");
        Path names = ts.root().resolve("names");
        Files.createSymbolicLink(names.resolve("dot"), Path.of("."));
        Files.createSymbolicLink(names.resolve("up"), Path.of("../../etc"));
        Files.createSymbolicLink(names.resolve("gone"), Path.of("ab".repeat(32)));
        // A symlink among the sandbox dirs is no sandbox either.
        Files.createSymbolicLink(ts.root().resolve("sandboxes").resolve("cd".repeat(32)), Path.of("/etc"));
        for (String n : List.of("dot", "up", "gone")) {
            assertThatThrownBy(() -> sb.remove(n, true)).as(n).isInstanceOf(SandboxNames.NoSuchSandbox.class);
        }
        assertThat(sb.list()).extracting(SandboxState::id).containsExactly(r.id());
        sb.gc();
        assertThat(names.resolve("dot")).doesNotExist();
        assertThat(names.resolve("up")).doesNotExist();
        assertThat(names.resolve("gone")).doesNotExist();
        assertThat(sb.inspect(r.id()).status()).isEqualTo(Status.RUNNING);
        assertThat(Path.of("/etc/passwd")).exists();
        Files.delete(ts.root().resolve("sandboxes").resolve("cd".repeat(32)));
    }

    @Test
    void eachStateRootHasItsOwnCgroupParentAndGcOfOneLeavesTheOtherAlone() throws Exception {
        // "Aa" and "BB" have the same String/Path hashCode: the old 32-bit parent name collided for them.
        Path base = Files.createDirectory(ts.root().resolve("roots"));
        TestSandboxes a = new TestSandboxes(base.resolve("Aa"));
        extra.add(a);
        TestSandboxes b = new TestSandboxes(base.resolve("BB"));
        extra.add(b);
        assertThat(a.sandboxes().cgroupParent()).isNotEqualTo(b.sandboxes().cgroupParent())
                .matches("/edgefusion-[0-9a-f]{32}");
        Sandboxes.RunResult r = a.sandboxes().run(a.spec("sleep", "600"), true, OutputStream.nullOutputStream());
        assertThat(b.sandboxes().gc()).isEmpty();
        assertThat(a.sandboxes().inspect(r.id()).status()).isEqualTo(Status.RUNNING);
        assertThat(a.sandboxes().cgroup(r.id()).pids()).isNotEmpty();
        // Another spelling of the same root (through a symlink) is the same root.
        Path alias = Files.createSymbolicLink(base.resolve("alias"), base.resolve("Aa"));
        assertThat(new Sandboxes(alias).cgroupParent()).isEqualTo(a.sandboxes().cgroupParent());
    }

    @Test
    void concurrentRemovalsOfOneSandboxSerializeAndEndConsistently() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sleep", "600").withName("contended"), true,
                OutputStream.nullOutputStream());
        int n = 4;
        CyclicBarrier start = new CyclicBarrier(n);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    switch (k) {
                        case 0, 1 -> sb.remove("contended", true);
                        case 2 -> sb.stop("contended", 1);
                        default -> {
                            try (Held h = sb.hold("contended"); Held.Frozen f = h.freeze()) {
                                outcomes.add("froze");
                            }
                        }
                    }
                    outcomes.add("ok " + k);
                } catch (SandboxNames.NoSuchSandbox gone) {
                    outcomes.add("gone " + k);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(failures).as("no command may fail with anything but 'no such sandbox'").isEmpty();
        assertThat(outcomes.stream().filter(o -> o.equals("ok 0") || o.equals("ok 1"))).hasSize(1);
        ts.assertGone(r.id());
        assertThat(ts.root().resolve("names").resolve("contended")).doesNotExist();
    }

    @Test
    void psAndInspectChangeNothingOnDisk() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult exited = detached("sh", "-c", "exit 7");
        detached("sleep", "600");
        Path exit = sb.stateDir(exited.id()).resolve(StateStore.EXIT);
        await(() -> Files.exists(exit), "the exit record");
        Map<String, String> before = tree(ts.root());
        assertThat(sb.list()).hasSize(2);
        assertThat(sb.inspect(exited.id()).status()).isEqualTo(Status.EXITED);
        assertThat(sb.inspect(exited.id()).exitCode()).isEqualTo(7);
        assertThat(tree(ts.root())).isEqualTo(before);
    }

    @Test
    void aDetachedRmSandboxRemovesItselfWhenItExitsWithoutAnyoneListing() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sh", "-c", "exit 3").withName("self-removing")
                .withOptions(null, null, false, false, true, true), true, OutputStream.nullOutputStream());
        Path dir = ts.root().resolve("sandboxes").resolve(r.id());
        await(() -> !Files.exists(dir, LinkOption.NOFOLLOW_LINKS), "the reaper's auto-remove");
        ts.assertGone(r.id());
        assertThat(ts.root().resolve("names").resolve("self-removing")).doesNotExist();
    }

    @ParameterizedTest(name = "workload user {0}")
    @ValueSource(strings = {"0", "1000"})
    void aKilledReaperTakesItsSandboxWithItAndPsSaysDead(String user) throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sleep", "600").withOptions(user, null, false, false, true, false),
                true, OutputStream.nullOutputStream());
        SandboxState s = sb.inspect(r.id());
        assertThat(s.status()).isEqualTo(Status.RUNNING);
        Libc.kill(Math.toIntExact(s.reaperPid()), Libc.SIGKILL);
        await(() -> !ProcStat.alive(s.pid(), s.pidStartTicks()), "the workload to die with its reaper");
        await(() -> sb.cgroup(r.id()).pids().isEmpty(), "an empty cgroup");
        assertThat(sb.list()).singleElement().extracting(SandboxState::status).isEqualTo(Status.DEAD);
        sb.remove(r.id(), false);
        ts.assertGone(r.id());
    }

    @Test
    void aSandboxLeftFrozenIsRemovedByRmForce() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = detached("sleep", "600");
        sb.cgroup(r.id()).freeze(); // what commit does; then "killed": nobody thaws it
        assertThat(sb.inspect(r.id()).status()).isEqualTo(Status.PAUSED);
        sb.remove(r.id(), true);
        ts.assertGone(r.id());
    }

    @Test
    void gcThawsASandboxWhoseCommitterDiedWhileItWasFrozen() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = detached("sleep", "600");
        Process committer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                FreezeMain.class.getName(), ts.root().toString(), r.id())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(committer.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("frozen");
        }
        // While the committer lives, gc leaves its sandbox alone (it holds the lock and the freeze is its own).
        assertThat(sb.gc()).isEmpty();
        assertThat(sb.cgroup(r.id()).freezerState()).isEqualTo(FreezerState.FROZEN);
        committer.destroyForcibly();
        assertThat(committer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sb.inspect(r.id()).status()).isEqualTo(Status.PAUSED);
        assertThat(sb.gc()).isEmpty();
        assertThat(sb.cgroup(r.id()).freezerState()).isEqualTo(FreezerState.THAWED);
        assertThat(sb.inspect(r.id()).status()).isEqualTo(Status.RUNNING);
        assertThat(sb.stateDir(r.id()).resolve(StateStore.FROZEN_BY)).doesNotExist();
    }

    @Test
    void rmRemovesAnUpperDirHoldingAPathLongerThanPathMax() throws Exception {
        Sandboxes sb = ts.sandboxes();
        TestSandboxes.Result done = ts.run(ts.spec("true"));
        Path upper = sb.upperDir(sb.inspect(done.id()));
        int depth = 2500; // "d/" 2500 times: 5000 bytes, beyond PATH_MAX (4096)
        int fd = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, upper.toString());
        try {
            for (int i = 0; i < depth; i++) {
                FileSyscalls.mkdirat(fd, "d", 0755);
                int next = FileSyscalls.openDir(fd, "d");
                FileSyscalls.close(fd);
                fd = next;
            }
            FileSyscalls.close(FileSyscalls.openat(fd, "deep-file", Libc.O_CREAT | Libc.O_WRONLY | Libc.O_CLOEXEC,
                    0644));
            FileSyscalls.symlinkat("/etc", fd, "deep-link");
        } finally {
            FileSyscalls.close(fd);
        }
        sb.remove(done.id(), false);
        ts.assertGone(done.id());
        assertThat(Path.of("/etc/passwd")).exists();
    }

    /** Every path under {@code root} with its type, size, mode and mtime: equal trees mean nothing was written. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                var a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime,ino", LinkOption.NOFOLLOW_LINKS);
                out.put(root.relativize(p).toString(), a.get("mode") + " " + a.get("size") + " "
                        + a.get("lastModifiedTime") + " " + a.get("ino"));
            }
        }
        return out;
    }
}
