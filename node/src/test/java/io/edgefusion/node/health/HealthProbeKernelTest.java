package io.edgefusion.node.health;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.deploy.HealthCheck;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Probes against a real {@code --network none} sandbox: tcp and http reach servers on the workload's own
 * loopback, while a server on the same port of the host's loopback answers differently (and is never asked);
 * exec probes fail on exit 1 and on a timeout, which kills the probe's process group.
 */
@KernelTest
class HealthProbeKernelTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TestSandboxes ts = new TestSandboxes();
    private final SandboxHealthProbe probe = new SandboxHealthProbe(ts.sandboxes());

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private static HealthCheck check(HealthCheck.Probe p, Duration timeout) {
        return new HealthCheck(p, Duration.ofSeconds(1), timeout, 3);
    }

    /** A detached busybox sandbox in its own network namespace running {@code script}; waits for {@code ready}. */
    private String sandbox(String script, List<String> ready) {
        var spec = ts.spec("sh", "-c", script).withNetwork(Network.NONE);
        String id = ts.sandboxes().run(spec, true, OutputStream.nullOutputStream()).id();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ts.sandboxes().probe(id, ready, TIMEOUT).orElse(1) != 0) {
            assertThat(System.nanoTime()).as("sandbox ready: " + ready).isLessThan(deadline);
        }
        return id;
    }

    @Test
    void tcpAndHttpConnectInsideTheWorkloadsNetworkNamespace() throws Exception {
        AtomicInteger hostHits = new AtomicInteger();
        try (ServerSocket host = new ServerSocket()) {
            host.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = host.getLocalPort();
            Thread.ofVirtual().start(() -> answer500(host, hostHits));
            int tcpPort = freeHostPort();
            String id = sandbox("mkdir -p /www && echo ok > /www/index.html && httpd -f -p " + port + " -h /www &"
                            + " nc -ll -p " + tcpPort + " -e true & wait",
                    List.of("sh", "-c", "wget -q -O- http://127.0.0.1:" + port + "/ && netstat -ltn | grep -q :"
                            + tcpPort));

            assertThat(probe.probe(id, check(new HealthCheck.Probe.Http(URI.create("http://127.0.0.1:" + port
                    + "/index.html")), TIMEOUT))).as("httpd inside answers 200").isTrue();
            assertThat(probe.probe(id, check(new HealthCheck.Probe.Http(URI.create("http://127.0.0.1:" + port
                    + "/missing")), TIMEOUT))).as("a 404 inside is unhealthy").isFalse();
            assertThat(probe.probe(id, check(new HealthCheck.Probe.Tcp("127.0.0.1", tcpPort), TIMEOUT))).isTrue();
            assertThat(hostHits).as("the host's listener on the same port was never asked").hasValue(0);
            assertThatThrownBy(() -> new Socket("127.0.0.1", tcpPort).close())
                    .as("nothing listens on the host's port " + tcpPort).isInstanceOf(ConnectException.class);

            ts.sandboxes().stop(id, 1);
            assertThat(probe.probe(id, check(new HealthCheck.Probe.Tcp("127.0.0.1", tcpPort), TIMEOUT)))
                    .as("a stopped workload is unhealthy").isFalse();
        }
    }

    @Test
    void hostListenerOnTheProbedPortIsNotWhatAnswers() throws Exception {
        AtomicInteger hostHits = new AtomicInteger();
        try (ServerSocket host = new ServerSocket()) {
            host.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofVirtual().start(() -> answer500(host, hostHits));
            String id = sandbox("sleep 600", List.of("true"));
            // Inside, nothing listens on the host's port: refused, although the host's loopback would accept.
            assertThat(probe.probe(id, check(new HealthCheck.Probe.Tcp("127.0.0.1", host.getLocalPort()), TIMEOUT)))
                    .isFalse();
            assertThat(probe.probe(id, check(new HealthCheck.Probe.Http(URI.create("http://127.0.0.1:"
                    + host.getLocalPort() + "/")), TIMEOUT))).isFalse();
            assertThat(hostHits).hasValue(0);
        }
    }

    @Test
    void execProbeFailsOnExitOneAndOnTimeout() {
        String id = sandbox("sleep 600", List.of("true"));
        assertThat(probe.probe(id, check(new HealthCheck.Probe.Exec(List.of("true")), TIMEOUT))).isTrue();
        assertThat(probe.probe(id, check(new HealthCheck.Probe.Exec(List.of("sh", "-c", "exit 1")), TIMEOUT)))
                .isFalse();
        long before = ts.sandboxes().cgroup(id).pids().size();
        assertThat(probe.probe(id, check(new HealthCheck.Probe.Exec(List.of("sh", "-c", "sleep 300; true")),
                Duration.ofMillis(300)))).as("a probe that outlasts its timeout").isFalse();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ts.sandboxes().cgroup(id).pids().size() > before) {
            assertThat(System.nanoTime()).as("the timed-out probe's processes are killed").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(probe.probe(id, check(new HealthCheck.Probe.Exec(List.of("no-such-command")), TIMEOUT)))
                .isFalse();
    }

    private static int freeHostPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void answer500(ServerSocket host, AtomicInteger hits) {
        while (!host.isClosed()) {
            try (Socket c = host.accept()) {
                hits.incrementAndGet();
                c.getOutputStream().write("HTTP/1.0 500 host\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                return;
            }
        }
    }
}
