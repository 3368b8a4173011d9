package io.edgefusion.cli;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestNetns;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --network NAME -p ...} for real, end to end through the CLI as its own process. The CLI runs inside a
 * network namespace the test makes ({@code nsenter --net}), so that namespace is "the host" for the CNI plugins:
 * the bridge, the veths' host ends, the iptables/nft rules and 127.0.0.1 of {@code -p} are all in it, and nothing
 * of the machine's own network changes. Each run has its own network name and subnet.
 */
@KernelTest
class NetworkRunKernelTest {
    private static final long DEADLINE_S = 60;
    /** Per-sandbox firewall traces: portmap's CNI-DN-… chains and the bridge plugin's CNI-<hash> masquerade chains. */

    private final String tag = UUID.randomUUID().toString().substring(0, 6);
    private final int octet = ThreadLocalRandom.current().nextInt(100, 250);
    private final String net = "eft" + tag;
    private final String subnetPrefix = "10.89." + octet + ".";
    private final TestSandboxes ts = new TestSandboxes();
    private final Path root = ts.root();
    private final Path nsDir;
    private final TestNetns host;
    private final Path ef;
    private final List<String> started = new ArrayList<>();

    NetworkRunKernelTest() throws IOException {
        nsDir = Files.createDirectories(Path.of("/tmp", "edgefusion-test-" + tag + "-ns"));
        host = new TestNetns(nsDir, "host.ns");
        ef = CliProcess.launcher(nsDir);
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            for (String s : started) {
                cli(List.of(), "rm", "-f", s);
            }
            cli(List.of(), "gc");
        } finally {
            // Whatever the CLI could not DEL dies with the test's namespace; the JVM's own removal (ts.close, in
            // the machine's namespace) must then find no attachment to DEL there.
            NetworkTraces.unbindAll(root.resolve("netns"));
            removeTree(root.resolve("networks").resolve("cache"));
            host.close();
            removeTree(nsDir);
            ts.close();
        }
    }

    record Out(int code, String out, String err) {
    }

    /** {@code ef --root=ROOT ARGS} inside the test's namespace, with {@code jvm} options for the CLI's JVM. */
    private Out cli(List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + host.file(), ef.toString(),
                "--root=" + root));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (!jvm.isEmpty()) {
                pb.environment().put("JAVA_TOOL_OPTIONS", String.join(" ", jvm));
            }
            Path errFile = Files.createTempFile(nsDir, "err", ".txt");
            Process p = pb.redirectError(errFile.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(DEADLINE_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", args) + ": no exit within " + DEADLINE_S + "s");
            }
            String err = Files.readString(errFile);
            Files.delete(errFile);
            return new Out(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String ok(String... args) {
        Out o = cli(List.of(), args);
        assertThat(o.code()).as(String.join(" ", args) + ": " + o.err()).isZero();
        return o.out();
    }

    private void createNetwork() {
        ok("network", "create", net, "--subnet", subnetPrefix + "0/24");
    }

    @Test
    void twoSandboxesReachEachOtherByNameAndAPublishedPortAnswersFromTheHostAndRmLeavesNothing() throws Exception {
        createNetwork();
        List<String> before = traces();
        Path www = Files.createDirectories(nsDir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello " + tag + "\n");
        String web = "web" + tag;
        started.add(web);
        ok("run", "-d", "--name", web, "--network", net, "-p", "127.0.0.1:18080:80", "--mount",
                "type=bind,src=" + www + ",dst=/www,ro", "builtin:busybox", "--", "httpd", "-f", "-p", "80", "-h",
                "/www");
        // The other sandbox finds it by name (/etc/hosts from the cache) and reaches it over the bridge.
        String fetched = awaitOk(() -> cli(List.of(), "run", "--rm", "--network", net, "builtin:busybox", "--",
                "wget", "-q", "-O-", "http://" + web + "/"));
        assertThat(fetched).isEqualTo("hello " + tag + "\n");
        // And a ping by name, the sandbox's /etc/hosts naming both.
        Out ping = cli(List.of(), "run", "--rm", "--network", net, "--add-host", "db:192.0.2.10", "builtin:busybox",
                "--", "sh", "-c", "cat /etc/hosts && ping -c 1 -W 5 " + web);
        assertThat(ping.code()).as(ping.err()).isZero();
        assertThat(ping.out()).contains("192.0.2.10\tdb").containsPattern(Pattern.quote(subnetPrefix) + "\\d+\\t"
                + web).contains("1 packets received");
        // -p 127.0.0.1:18080:80 answers on the "host's" loopback.
        String viaPort = awaitValue(() -> host.run("busybox", "wget", "-q", "-O-", "http://127.0.0.1:18080/"));
        assertThat(viaPort).isEqualTo("hello " + tag + "\n");
        List<String> during = traces();
        assertThat(during).as("the attachment is visible to traces()").anyMatch(l -> l.startsWith("veth: "))
                .anyMatch(l -> l.startsWith("rule: ") && l.contains("18080")).anyMatch(l -> l.startsWith("cache: "))
                .anyMatch(l -> l.startsWith("netns: "));
        // rm -f of the running one; the two --rm runs removed themselves already.
        ok("rm", "-f", web);
        assertThat(traces()).isEqualTo(before);
    }

    @Test
    void aDetachedRmSandboxLeavesNothingOnceItsReaperRemovedIt() throws Exception {
        createNetwork();
        List<String> before = traces();
        String id = ok("run", "-d", "--rm", "--network", net, "-p", "127.0.0.1:18081:81", "builtin:busybox",
                "true").strip();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (Files.exists(root.resolve("sandboxes").resolve(id))) {
            assertThat(System.nanoTime()).as("the reaper removes " + id).isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(traces()).isEqualTo(before);
    }

    /** Freezes a CLI right after CNI ADD (veth, address, rules, cache entry, bound netns all made), kills it -9. */
    private void killCliAfterAdd(String port) throws Exception {
        List<String> cmd = List.of("nsenter", "--net=" + host.file(), ef.toString(), "--root=" + root, "run",
                "--network", net, "-p", "127.0.0.1:" + port + ":82", "builtin:busybox", "sleep", "600");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Dedgefusion.checkpoint=network");
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && !line.equals("checkpoint network")) {
                // "Picked up JAVA_TOOL_OPTIONS" and the like
            }
            assertThat(line).as("the CLI reached the checkpoint").isEqualTo("checkpoint network");
            assertThat(traces()).anyMatch(l -> l.startsWith("veth: ")).anyMatch(l -> l.startsWith("cache: "))
                    .anyMatch(l -> l.startsWith("rule: ") && l.contains(port));
        } finally {
            p.destroyForcibly(); // SIGKILL of the CLI's JVM (nsenter exec'd the launcher, which exec'd java)
            assertThat(p.waitFor(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aCliKilledMidStartLeavesWhatGcThenRemoves() throws Exception {
        createNetwork();
        List<String> before = traces();
        killCliAfterAdd("18082");
        ok("gc");
        assertThat(traces()).isEqualTo(before);
        assertThat(ok("ps", "-a")).doesNotContain("sleep 600");
    }

    @Test
    void gcDeletesAnAttachmentWhoseSandboxRecordIsGone() throws Exception {
        createNetwork();
        List<String> before = traces();
        killCliAfterAdd("18083");
        // What a removal leaves when its DEL failed (the entry is kept for gc) and the record went on without it.
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root.resolve("sandboxes"))) {
            dirs = s.filter(Files::isDirectory).toList();
        }
        assertThat(dirs).hasSize(1);
        io.edgefusion.kernel.sys.TreeRemoval.remove(dirs.getFirst());
        String out = ok("gc");
        assertThat(out).contains(dirs.getFirst().getFileName().toString().substring(0, 12));
        assertThat(traces()).isEqualTo(before);
    }

    @Test
    void badNetworkValuesAreOneLineAndMakeNothing() throws Exception {
        createNetwork();
        List<String> before = traces();
        for (String[] args : new String[][] {
                {"run", "--rm", "-p", "8080:80", "builtin:busybox", "true"},
                {"run", "--rm", "--network", net, "-p", "80", "builtin:busybox", "true"},
                {"run", "--rm", "--network", "nosuch" + tag, "builtin:busybox", "true"},
                {"run", "--rm", "--network", net, "--dns", "1.2.3", "builtin:busybox", "true"},
                {"run", "--rm", "--network", net, "--add-host", "db", "builtin:busybox", "true"}}) {
            Out o = cli(List.of(), args);
            assertThat(o.code()).as(String.join(" ", args) + ": " + o.err()).isEqualTo(125);
            assertThat(o.err().lines().filter(l -> !l.startsWith("Picked up")).toList()).as(o.err()).hasSize(1)
                    .allMatch(l -> l.startsWith("edgefusion: "));
        }
        assertThat(cli(List.of(), "run", "--rm", "--network", "nosuch" + tag, "builtin:busybox", "true").err())
                .contains("network nosuch" + tag + ": no such network");
        assertThat(NetworkTraces.files(root.resolve("sandboxes")).stream().filter(f -> f.endsWith("state.json"))).isEmpty();
        assertThat(traces()).isEqualTo(before);
    }

    /** Runs {@code run} until it succeeds (the server may not listen yet) or the deadline passes. */
    private String awaitOk(java.util.function.Supplier<Out> run) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (true) {
            Out o = run.get();
            if (o.code() == 0) {
                return o.out();
            }
            assertThat(System.nanoTime()).as("no success before the deadline: " + o.err()).isLessThan(deadline);
        }
    }

    private static String awaitValue(java.util.function.Supplier<String> get) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (true) {
            try {
                return get.get();
            } catch (IllegalStateException notYet) {
                assertThat(System.nanoTime()).as(notYet.getMessage()).isLessThan(deadline);
            }
        }
    }

    private static void removeTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private List<String> traces() throws IOException {
        return NetworkTraces.of(host, root, net, subnetPrefix);
    }
}
