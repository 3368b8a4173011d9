package io.edgefusion.cli;

import io.edgefusion.kernel.sys.TreeRemoval;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import io.edgefusion.sandbox.testing.TestNetns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment's {@code network:} and {@code ports:} for real: a node process and every CLI call run under
 * {@code nsenter --net} of a namespace the test makes (as in {@link NetworkRunKernelTest}, that namespace is "the
 * host" for the CNI plugins), a busybox httpd deployed on a named network with a published port and an http probe,
 * fetched through the port, rolled out to a second revision on the same port, undeployed; nothing of either
 * revision's attachment is left.
 */
@KernelTest
class DeploymentNetworkKernelTest {
    private static final String PORT = "18081";

    private final String tag = UUID.randomUUID().toString().substring(0, 6);
    private final String net = "efd" + tag;
    private final String subnetPrefix = "10.89." + ThreadLocalRandom.current().nextInt(100, 250) + ".";
    private final NodeWorld w = new NodeWorld();
    private final Path root = w.root();
    /** Not under the world's files: its bind mount would be "a mount under the root" to assertNoLeaks. */
    private final Path nsDir;
    private final TestNetns host;
    private final List<String> inNs;

    DeploymentNetworkKernelTest() throws IOException {
        nsDir = Files.createDirectories(Path.of("/tmp", "edgefusion-test-" + tag + "-ns"));
        host = new TestNetns(nsDir, "host.ns");
        inNs = List.of("nsenter", "--net=" + host.file());
    }

    private RealNode n;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (n != null && n.alive()) {
                w.cli.run(w.launcher, inNs, "undeploy", "web"); // best effort: the test may have failed before
                n.stop();
            }
            // What is left goes through the cold CLI in the namespace, so every CNI DEL runs where its ADD ran.
            for (SandboxState s : w.ts.sandboxes().list()) {
                w.cli.run(w.launcher, inNs, "rm", "-f", s.id());
            }
            w.cli.run(w.launcher, inNs, "gc");
        } finally {
            try {
                // Whatever could not be DELeted dies with the namespace; the world's own removal (in the
                // machine's namespace) must then find no attachment to DEL there.
                NetworkTraces.unbindAll(root.resolve("netns"));
                TreeRemoval.remove(root.resolve("networks").resolve("cache"));
                host.close();
                TreeRemoval.remove(nsDir);
            } finally {
                w.close();
            }
        }
    }

    private ThinClient.Result node(String... args) {
        ThinClient.Result r = w.cli.run(Path.of("/nonexistent/edgefusion-launcher"), inNs, args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    /** The node's launcher, entering the test's namespace first (nsenter execs it: the pid is the node's JVM). */
    private Path nodeLauncher() throws IOException {
        Path p = w.files.resolve("ef-in-ns");
        Files.writeString(p, "#!/bin/sh\nexec nsenter --net='" + host.file() + "' '" + w.launcher + "' \"$@\"\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /**
     * Deployment {@code web}: httpd on 8080 inside (the core contract's endpoint; the guardian refuses a bind on
     * any other port), published on 127.0.0.1:18081 of the namespace, serving "hello MARKER".
     */
    private String web(String marker) {
        return """
                name: web
                workloads:
                  - name: httpd
                    image: builtin:busybox
                    command: [sh, -c, "trap 'exit 0' TERM; echo hello %1$s > /tmp/index.html; httpd -f -p 8080 -h /tmp & wait"]
                    env: {MARKER: "%1$s"}
                    network: %2$s
                    ports: ["127.0.0.1:%3$s:8080"]
                    health: {http: "http://127.0.0.1:8080/index.html", interval: 200ms, timeout: 150ms, retries: 25}
                """.formatted(marker, net, PORT);
    }

    @Test
    void aDeploymentOnANamedNetworkAnswersOnItsPublishedPortAcrossARolloutAndUndeployLeavesNothing()
            throws Exception {
        n = w.node(Map.of(), nodeLauncher());
        node("network", "create", net, "--subnet", subnetPrefix + "0/24");
        List<String> before = traces();

        w.file("web.yaml", web("1"));
        assertThat(node("deploy", "-f", "web.yaml").out()).isEqualTo("web: revision 1 rolled out\n");
        NodeWorld.await("web/httpd healthy", 60, () -> w.types("web/httpd", 0).contains("workload.healthy"));
        SandboxState r1 = w.byName().get("web-httpd-r1");
        assertThat(r1).isNotNull();
        assertThat(r1.status()).isEqualTo(Status.RUNNING);
        assertThat(fetch()).isEqualTo("hello 1\n");
        List<String> during = traces();
        assertThat(during).as("the attachment is visible to traces()")
                .anyMatch(l -> l.startsWith("veth: ")).anyMatch(l -> l.startsWith("rule: ") && l.contains(PORT))
                .anyMatch(l -> l.startsWith("cache: ") && l.contains(r1.id()))
                .anyMatch(l -> l.startsWith("netns: ") && l.contains(r1.id()));

        // Revision 2 on the same port: once it is rolled out, it answers and nothing of revision 1 is left.
        w.file("web.yaml", web("2"));
        assertThat(node("deploy", "-f", "web.yaml").out()).isEqualTo("web: revision 2 rolled out\n");
        assertThat(w.byName().keySet()).containsExactly("web-httpd-r2");
        SandboxState r2 = w.byName().get("web-httpd-r2");
        assertThat(fetch()).isEqualTo("hello 2\n");
        List<String> afterRollout = traces();
        assertThat(afterRollout).as("revision 1's id, veth and rules gone").noneMatch(l -> l.contains(r1.id()))
                .anyMatch(l -> l.contains(r2.id()));
        assertThat(afterRollout.stream().filter(l -> l.startsWith("veth: "))).hasSize(1);
        assertThat(afterRollout.stream().filter(l -> l.startsWith("rule: ")).count())
                .isEqualTo(during.stream().filter(l -> l.startsWith("rule: ")).count());

        assertThat(node("undeploy", "web").out()).isEqualTo("web: undeployed\n");
        assertThat(traces()).isEqualTo(before);
        assertThat(w.byName()).isEmpty();
        w.assertNoLeaks();
        n.stop();
        assertThat(n.alive()).isFalse();
    }

    /** {@code http://127.0.0.1:PORT/} from inside the namespace, until it answers (deadline, not sleep). */
    private String fetch() {
        String[] got = new String[1];
        NodeWorld.await("http://127.0.0.1:" + PORT + "/ answers", 60, () -> {
            try {
                got[0] = host.run("busybox", "wget", "-q", "-O-", "http://127.0.0.1:" + PORT + "/");
                return true;
            } catch (IllegalStateException notYet) {
                return false;
            }
        });
        return got[0];
    }

    private List<String> traces() throws IOException {
        return NetworkTraces.of(host, root, net, subnetPrefix);
    }
}
