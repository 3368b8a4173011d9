package io.edgefusion.guardian.breaker;

import io.edgefusion.guardian.KernelWaits;
import io.edgefusion.kernel.bpf.SkbDrop;
import io.edgefusion.kernel.cgroup.FreezerState;
import io.edgefusion.kernel.net.Links;
import io.edgefusion.platform.check.ProcNet;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Isolation of real busybox sandboxes: frozen (cgroup and every process), network cut for both modes. */
class IsolationKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final Sandboxes sb = ts.sandboxes();

    @AfterEach
    void cleanUp() {
        ts.close();
    }

    private SandboxState listening(Network mode, int port) throws IOException {
        String id = sb.run(ts.spec("httpd", "-f", "-p", (mode == Network.HOST ? "127.0.0.1:" : "0.0.0.0:") + port)
                .withNetwork(mode), true, OutputStream.nullOutputStream()).id();
        SandboxState s = sb.inspect(id);
        KernelWaits.until("httpd listening", Duration.ofSeconds(20), () -> {
            try {
                return !ProcNet.listening(Path.of("/proc"), s.pid()).isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
        return s;
    }

    @Test
    void networkNoneIsFrozenAndItsNamespaceHasNoInterfaceUp() throws Exception {
        SandboxState s = listening(Network.NONE, 7777);
        assertThat(connectInside(s)).isTrue();

        Isolation.Isolated r = new SandboxIsolation(sb).isolate(s.id());

        assertThat(r.frozen()).isTrue();
        assertThat(r.linksDown()).contains("lo");
        assertThat(r.network()).startsWith("none:");
        assertThat(sb.cgroup(s.id()).freezerState()).isEqualTo(FreezerState.FROZEN);
        for (long pid : sb.cgroup(s.id()).pids()) {
            // the kernel's freezer parks every task; /proc shows it as not runnable (D or T), never R or S
            String state = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).replaceFirst(".*\\) ", "")
                    .substring(0, 1);
            assertThat(state).as("state of pid " + pid).isIn("D", "T");
        }
        assertThat(Links.list(s.pid(), s.pidStartTicks())).allMatch(l -> !l.up());
        // lo is down: nothing in the namespace answers (the SYN goes nowhere)
        assertThatThrownBy(() -> connectInside(s)).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(sb.inspect(s.id()).status().label()).isEqualTo("paused");

        // idempotent (a resumed trip isolates again), and gc does not thaw it: no dead committer's marker
        assertThat(new SandboxIsolation(sb).isolate(s.id()).frozen()).isTrue();
        sb.gc();
        assertThat(sb.cgroup(s.id()).freezerState()).isEqualTo(FreezerState.FROZEN);

        new SandboxIsolation(sb).discard(s.id());
        new SandboxIsolation(sb).discard(s.id());
        ts.assertGone(s.id());
    }

    @Test
    void hostNetworkGetsEveryPacketOfItsSocketsDropped() throws Exception {
        int port = 20000 + ThreadLocalRandom.current().nextInt(20000);
        SandboxState s = listening(Network.HOST, port);
        try (Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        }
        Isolation.Isolated r = new SandboxIsolation(sb).isolate(s.id());
        assertThat(r.frozen()).isTrue();
        assertThat(r.network()).startsWith("host: every packet");
        String dir = sb.layout().pathsOf(sb.cgroup(s.id()).path()).unified().orElseThrow().dir().toString();
        assertThat(SkbDrop.attached(dir, io.edgefusion.kernel.bpf.CgroupAttachPoint.INET_INGRESS)).isGreaterThanOrEqualTo(1);
        assertThat(SkbDrop.attached(dir, io.edgefusion.kernel.bpf.CgroupAttachPoint.INET_EGRESS)).isGreaterThanOrEqualTo(1);
        // The listener's SYNs are dropped on its ingress: the handshake never completes.
        assertThatThrownBy(() -> {
            try (Socket c = new Socket()) {
                c.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void aProcessThatEndsWhileItIsBeingIsolatedIsReportedEndedNotFailed() throws Exception {
        // The race a crashing workload runs: its state still said running when the trip read it.
        Process p = new ProcessBuilder("sleep", "1000").start();
        long ticks = io.edgefusion.kernel.proc.ProcStat.of(p.pid()).orElseThrow().startTicks();
        p.destroyForcibly();
        p.waitFor();

        SandboxIsolation.NamespaceCut cut = SandboxIsolation.cutOwnNamespace(p.pid(), ticks);

        assertThat(cut.network()).startsWith("ended:");
        assertThat(cut.down()).isEmpty();
        assertThat(cut.note()).hasValue("its process ended while it was being isolated");
    }

    private static boolean connectInside(SandboxState s) {
        return Links.inNetns(s.pid(), s.pidStartTicks(), () -> {
            try (SocketChannel ch = SocketChannel.open()) {
                ch.socket().connect(new InetSocketAddress("127.0.0.1", 7777), 1000);
                return true;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e.getMessage(), e);
            }
        });
    }
}
