package io.edgefusion.cli;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI with and without a node, differentially: every command line runs cold (the JVM CLI in its own process)
 * and through the thin client into a real {@code edgefusion node}, with the same argv, cwd, environment and
 * stdin, and must give byte-identical stdout and stderr and the same exit code. The client's fallback is a
 * tripwire ({@link BothWays}), so an equal through-client result is proof that the node ran it.
 *
 * <p>Stateless command lines are compared as they are but for RFC 3339 times (a JSON document's reading time)
 * and "N ms" durations. Stateful ones run as one script per way, from the same
 * state back to it, and are compared after masking only what must differ: the sandbox ids each way generated
 * (learned from {@code run -d}), the image digests each printed (an imported or committed image's config holds
 * its creation time, so its id and every id built on it differ), RFC 3339 times and "N ms" durations; a few steps whose output is live
 * (ps, top, stats, resources, inspect: pids, ages, usage) also mask every number, size and column padding.
 */
@KernelTest
class ThroughNodeKernelTest {
    private static final Pattern SANDBOX_ID = Pattern.compile("(?m)^([0-9a-f]{64})$");
    private static final Pattern IMAGE_ID = Pattern.compile("sha256:([0-9a-f]{64})");
    private static final long DEADLINE_MS = 120_000;

    private static TestSandboxes ts;
    private static NodeProcess node;
    private static BothWays both;
    private static Path root;

    @BeforeAll
    static void start() throws Exception {
        ts = new TestSandboxes();
        root = ts.root();
        Path work = Files.createDirectory(root.resolve("work"));
        both = new BothWays(Files.createDirectory(root.resolve("bin")), work);
        Files.writeString(work.resolve("bad.yaml"), "name: line-monitor\nworkloads:\n  - name: api\n    imag: demo\n");
        Files.writeString(work.resolve("hello.txt"), "hello from the context\n");
        Path ctx = Files.createDirectory(work.resolve("ctx"));
        Files.writeString(ctx.resolve("hello.txt"), "hello from the context\n");
        Files.writeString(ctx.resolve("Buildfile"), "FROM bb:1\nCOPY hello.txt /hello.txt\n"
                + "RUN cp /hello.txt /copy.txt\nCMD [\"cat\", \"/copy.txt\"]\n");
        Path small = Files.createDirectories(root.resolve("small/etc"));
        Files.writeString(small.resolve("motd"), "small\n");
        tar(root.resolve("small"), work.resolve("small.tar"));
        tar(ts.busybox(), work.resolve("busybox.tar"));
        node = NodeProcess.start(both.launcher(), root);
    }

    private static void tar(Path dir, Path file) throws Exception {
        Process p = new ProcessBuilder("tar", "-C", dir.toString(), "--sort=name", "--mtime=@0", "--owner=0",
                "--group=0", "-cf", file.toString(), ".").inheritIO().start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @AfterAll
    static void stop() {
        try {
            if (node != null) {
                assertThat(node.alive()).as("the node outlived every command; its log:\n" + node.log()).isTrue();
                node.close();
            }
        } finally {
            if (ts != null) {
                ts.close();
            }
        }
    }

    /** One command line; {@code loose} masks every number and column padding (live output). */
    private record Step(List<String> args, String stdin, boolean loose, String until) {
        byte[] input() {
            return stdin.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return String.join(" ", args) + (stdin.isEmpty() ? "" : " <<< " + stdin.strip());
        }
    }

    private static Step s(String... args) {
        return new Step(withRoot(args), "", false, null);
    }

    private static Step in(String stdin, String... args) {
        return new Step(withRoot(args), stdin, false, null);
    }

    private static Step loose(String... args) {
        return new Step(withRoot(args), "", true, null);
    }

    /** Not compared: repeats {@code args} (cold) until its stdout contains {@code text}. */
    private static Step until(String text, String... args) {
        return new Step(withRoot(args), "", false, text);
    }

    private static List<String> withRoot(String... args) {
        List<String> l = new ArrayList<>();
        l.add("--root=" + root);
        l.addAll(List.of(args));
        return l;
    }

    @Test
    void commandLinesGiveTheSameBytesAndExitCodesBothWays() {
        List<Step> steps = new ArrayList<>(List.of(
                s("--version"), s("-h"), s("--help"), s("help"),
                s("run", "--rm", "builtin:busybox", "--", "echo", "hello", "world"),
                s("run", "--rm", "builtin:busybox", "--", "sh", "-c", "echo out; echo err >&2; exit 1"),
                s("run", "--rm", "builtin:busybox", "--", "sh", "-c", "exit 3"),
                s("run", "--rm", "builtin:busybox", "--", "/bin"),
                s("run", "--rm", "builtin:busybox", "--", "/no/such/program"),
                s("run", "--rm", "builtin:busybox", "--", "sh", "-c", "sh -c 'kill -9 $$'; exit $?"),
                s("run", "--rm", "builtin:busybox", "--", "seq", "1", "20000"),
                in("one\ntwo\nthree\n", "run", "--rm", "-i", "builtin:busybox", "--", "sh", "-c",
                        "wc -l; echo stderr-too >&2"),
                in("piped through\n", "run", "--rm", "-i", "builtin:busybox", "--", "cat"),
                in("ignored without -i\n", "run", "--rm", "builtin:busybox", "--", "cat"),
                s("run", "--rm", "--memory", "12q", "builtin:busybox", "--", "true"),
                s("run", "--rm", "--cpus", "lots", "builtin:busybox", "--", "true"),
                s("run", "--rm", "/no/such/rootfs", "--", "true"),
                s("run", "--rm", "relative-missing-rootfs", "--", "true"),
                s("run", "--rm", "no-such-image:1", "--", "true"),
                // network values refused before any plugin runs (nothing here may touch the machine's network)
                s("run", "--rm", "-p", "8080:80", "builtin:busybox", "true"),
                s("run", "--rm", "--network", "bridge", "-p", "80", "builtin:busybox", "true"),
                s("run", "--rm", "--network", "bad/x", "builtin:busybox", "true"),
                s("run", "--rm", "--network", "nosuch", "builtin:busybox", "true"),
                s("run", "--rm", "--network", "bridge", "--dns", "1.2.3", "builtin:busybox", "true"),
                s("run", "--bogus-flag", "builtin:busybox"), s("ps", "--bogus"), s("no-such-verb"),
                s("ps"), s("ps", "-a"), s("ps", "--json"), s("ps", "-a", "--json"),
                s("image", "ls"), s("image", "ls", "--json"), s("image", "inspect", "no-such:1"),
                s("inspect", "nosuch"), s("inspect", "--namespaces", "nosuch"), s("logs", "nosuch"), s("exec", "nosuch", "true"), s("stop", "nosuch"),
                s("kill", "nosuch"), s("rm", "nosuch"), s("wait", "nosuch"), s("top", "nosuch"),
                s("diff", "nosuch"), s("commit", "nosuch", "x:1"), s("stats", "--no-stream"),
                s("stats", "--no-stream", "--json"), s("gc"),
                s("mountinfo", "."), s("mountinfo", "--json", "hello.txt"), s("mountinfo", "no-such-path"),
                s("trace", "--compare", "no-such-rootfs", "--", "true"), s("trace", "builtin:busybox", "true"),
                s("diagnose", "throttling", "nosuch"), s("diagnose", "throttling", "--pid", "999999999"),
                s("diagnose", "throttling", "--window", "soon", "nosuch"),
                s("image", "save", "--format", "docker-archive", "-o", "-", "no-such:1"),
                s("resources", "--pid", "999999999"), s("resources", "--cgroup", "no-such-sandbox"),
                s("deploy", "--dry-run", "-f", "bad.yaml"), s("deploy", "--dry-run", "-f", "missing.yaml"),
                s("deployments"), s("deployments", "--json"), s("deployment", "history", "nosuch"),
                s("rollback", "nosuch"), s("undeploy", "nosuch"),
                s("events", "--until", "2000-01-01T00:00:00Z"), s("events", "--since", "yesterday-ish"),
                s("node", "status"), s("node", "status", "--json"), s("node", "status", "-q"),
                s("profile", "validate", "missing-profile.yaml"), s("contract", "verify", "missing.jar")));
        for (String verb : Commands.ALL.keySet()) {
            steps.add(s(verb, "-h"));
            steps.add(s(verb, "--help"));
        }
        steps.addAll(List.of(s("image", "import", "-h"), s("image", "build", "--help"), s("node", "status", "-h"),
                s("deployment", "history", "-h"), s("profile", "build", "-h")));
        Set<Integer> codes = new TreeSet<>();
        List<String> differences = new ArrayList<>();
        for (Step step : steps) {
            BothWays.Outcome cold = both.cold(step.args(), step.input());
            BothWays.Outcome client = both.client(step.args(), step.input());
            codes.add(cold.code());
            if (!mask(cold, List.of(), false).equals(mask(client, List.of(), false))) {
                differences.add(step + "\n=== cold\n" + cold + "=== through the node\n" + client);
            }
        }
        assertThat(differences).as("%d command lines differ", differences.size()).isEmpty();
        assertThat(codes).contains(0, 1, 3, 125, 126, 127, 137);
        assertThat(steps).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void aDetachedSandboxsLifeReadsTheSameBothWays() {
        compareScripts(List.of(
                s("run", "-d", "--name", "life", "builtin:busybox", "--", "sh", "-c",
                        "echo started; trap 'echo got-term; exit 7' TERM; while :; do sleep 1; done"),
                until("started", "logs", "life"),
                loose("ps"), loose("ps", "--json"), s("logs", "life"),
                s("exec", "life", "echo", "in", "exec"),
                s("exec", "life", "sh", "-c", "echo to-err >&2; exit 5"),
                s("exec", "life", "/no/such/program"),
                in("a\nb\nc\n", "exec", "-i", "life", "wc", "-l"),
                s("exec", "life", "touch", "/made-by-exec"), s("diff", "life"),
                loose("top", "life"), loose("stats", "--no-stream", "life"),
                loose("resources", "--cgroup", "life", "--no-jdk"), loose("inspect", "life"),
                loose("inspect", "--namespaces", "life"), loose("inspect", "--namespaces", "--json", "life"),
                s("rm", "life"), s("stop", "life"), s("wait", "life"), s("logs", "life"), loose("ps", "-a"),
                s("rm", "life"), s("ps", "-a")));
    }

    @Test
    void imagesBuildsAndCommitsReadTheSameBothWays() {
        compareScripts(List.of(
                s("image", "import", "small.tar", "small:1"), s("image", "ls"), s("image", "inspect", "small:1"),
                s("image", "import", "-q", "busybox.tar", "bb:1"),
                s("image", "build", "-t", "built:1", "--timestamp", "0", "ctx"), s("image", "history", "built:1"),
                s("run", "--rm", "built:1"),
                s("run", "-d", "--name", "cm", "bb:1", "--", "sh", "-c", "echo x > /new.txt; exec sleep 1000"),
                until("x", "exec", "cm", "cat", "/new.txt"),
                s("diff", "cm"), s("commit", "cm", "committed:1"), s("image", "ls"),
                s("run", "--rm", "committed:1", "--", "cat", "/new.txt"),
                s("image", "rm", "bb:1"), s("rm", "-f", "cm"),
                s("image", "rm", "small:1", "built:1", "committed:1"), s("image", "ls"), s("gc")));
    }

    /** Runs {@code steps} cold, then through the node, and compares them step by step (masked). */
    private static void compareScripts(List<Step> steps) {
        List<BothWays.Outcome> cold = script(steps, false);
        List<BothWays.Outcome> client = script(steps, true);
        List<String> coldIds = ids(steps, cold);
        List<String> clientIds = ids(steps, client);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).until() != null) {
                continue;
            }
            BothWays.Outcome a = mask(cold.get(i), coldIds, steps.get(i).loose());
            BothWays.Outcome b = mask(client.get(i), clientIds, steps.get(i).loose());
            if (!a.equals(b)) {
                differences.add(steps.get(i) + "\n=== cold\n" + cold.get(i) + "=== through the node\n"
                        + client.get(i));
            }
        }
        assertThat(differences).as("%d steps differ", differences.size()).isEmpty();
    }

    private static List<BothWays.Outcome> script(List<Step> steps, boolean throughNode) {
        List<BothWays.Outcome> outcomes = new ArrayList<>();
        for (Step step : steps) {
            if (step.until() != null) {
                long end = System.currentTimeMillis() + DEADLINE_MS;
                BothWays.Outcome o;
                while (!(o = both.cold(step.args(), step.input())).out().contains(step.until())) {
                    assertThat(System.currentTimeMillis()).as("waiting for %s: %s", step.until(), o).isLessThan(end);
                }
                outcomes.add(o);
            } else {
                outcomes.add(throughNode ? both.client(step.args(), step.input())
                        : both.cold(step.args(), step.input()));
            }
        }
        return outcomes;
    }

    /** The sandbox ids a script's {@code run -d} steps printed, and every image digest it printed. */
    private static List<String> ids(List<Step> steps, List<BothWays.Outcome> outcomes) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).args().contains("-d")) {
                Matcher m = SANDBOX_ID.matcher(outcomes.get(i).out());
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
            // Image ids hash a config that holds the import's or commit's time.
            Matcher m = IMAGE_ID.matcher(outcomes.get(i).out());
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static BothWays.Outcome mask(BothWays.Outcome o, List<String> ids, boolean loose) {
        return new BothWays.Outcome(o.code(), mask(o.out(), ids, loose), mask(o.err(), ids, loose));
    }

    static String mask(String s, List<String> ids, boolean loose) {
        for (String id : ids) {
            s = s.replace(id, "<ID>").replace(id.substring(0, 12), "<ID>");
        }
        s = s.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)", "<TIME>")
                .replaceAll("\\b\\d+ ms\\b", "<N> ms");
        if (loose) {
            // A size picks its unit by magnitude ("832KiB", "1.078MiB", "1130496 B (1.1 MiB)").
            String size = "\\d+(\\.\\d+)? ?(B|KiB|MiB|GiB|TiB)";
            s = s.replaceAll(size + "( \\(" + size + "\\))?", "<SIZE>")
                    .replaceAll("\\d+(\\.\\d+)?", "N").replaceAll(" {2,}", "  ");
        }
        return s;
    }

}
