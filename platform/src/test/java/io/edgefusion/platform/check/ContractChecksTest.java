package io.edgefusion.platform.check;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.contract.NetworkRules;
import io.edgefusion.platform.hal.DeviceChannel;
import io.edgefusion.platform.hal.DeviceChannelProvider;
import io.edgefusion.platform.hal.DeviceSpec;
import io.edgefusion.platform.hal.HalRegistry;
import io.edgefusion.platform.hal.ImplementsContract;
import io.edgefusion.platform.check.CheckResult.Failed;
import io.edgefusion.platform.check.CheckResult.Inconclusive;
import io.edgefusion.platform.check.CheckResult.Passed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The guardian's run-time checks against real sockets (loopback only) and real /proc files. */
class ContractChecksTest {
    private final CoreContract contract = CoreContract.builtIn();
    private final long self = ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    private static CoreContract allowing(CoreContract c, List<NetworkRules.Endpoint> listen) {
        return new CoreContract(c.name(), c.version(), new NetworkRules(c.network().rule(), listen,
                c.network().bindCalls()), c.hal(), c.logging(), c.coreModules(), c.stages(), c.source());
    }

    @Test
    void procNetFindsThisProcessesListeningSocketsOnBothFamilies() throws IOException {
        try (ServerSocket v4 = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             ServerSocket v6 = new ServerSocket()) {
            v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            List<ListeningSocket> found = ProcNet.listening(Path.of("/proc"), self);
            // A JVM socket is dual-stack: its IPv4 bind shows in tcp6 as ::ffff:127.0.0.1, read back as 127.0.0.1.
            assertThat(found).extracting(s -> s.endpoint().toString())
                    .contains("127.0.0.1:" + v4.getLocalPort(), "[::1]:" + v6.getLocalPort());
            assertThat(found).allSatisfy(s -> assertThat(s.inode()).isPositive());
        }
    }

    @Test
    void aLoopbackListenerOnAnyPortBreaksTheContract() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CheckResult r = new ContractChecks(contract).listening(self);
            assertThat(r).isInstanceOf(Failed.class);
            assertThat(((Failed) r).findings()).anySatisfy(f -> assertThat(f.what())
                    .startsWith("listens on 127.0.0.1:" + s.getLocalPort() + ", not a contract endpoint"));
            assertThat(r.rule()).isEqualTo("network.listen");
        }
    }

    @Test
    void listenersOnContractEndpointsPass() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            var endpoints = ProcNet.listening(Path.of("/proc"), self).stream().map(ListeningSocket::endpoint).toList();
            CheckResult r = new ContractChecks(allowing(contract, endpoints)).listening(self);
            assertThat(r).isInstanceOf(Passed.class);
            assertThat(endpoints).extracting(NetworkRules.Endpoint::port).contains(s.getLocalPort());
        }
    }

    @Test
    void aProcessThatIsGoneIsInconclusiveNotPassed() {
        CheckResult r = new ContractChecks(contract).listening(Integer.MAX_VALUE - 7);
        assertThat(r).isInstanceOf(Inconclusive.class);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void logLinesWithoutTraceIdAreFound() throws IOException {
        Path log = tmp.resolve("node.log");
        Files.write(log, List.of(
                "ts=2026-01-01T00:00:00Z level=INFO trace_id=0123456789abcdef logger=api msg=\"up\"",
                "plain println from a workload",
                "ts=2026-01-01T00:00:01Z level=INFO trace_id= logger=api msg=\"empty id\"",
                ""));
        CheckResult r = new ContractChecks(contract).logLines(log);
        assertThat(r).isInstanceOf(Failed.class);
        assertThat(((Failed) r).findings()).extracting(CheckResult.Finding::where)
                .containsExactly(log + ":2", log + ":3");
        assertThat(new ContractChecks(contract).logLines(tmp.resolve("missing.log")))
                .isInstanceOf(Inconclusive.class);
    }

    @Test
    void providersAreCheckedForVersionAndLayout() {
        HalRegistry ok = new HalRegistry(contract);
        assertThat(new ContractChecks(contract).providers(ok)).isInstanceOf(Passed.class);
        // The registry refuses undeclared providers, so a stale one can only be there through an older
        // registry; model that with a registry over a contract that accepts anything of major 2.
        HalRegistry registry = new HalRegistry(contract);
        registry.register(new ShortFrameProvider());
        CheckResult r = new ContractChecks(contract).providers(registry);
        assertThat(r).isInstanceOf(Failed.class);
        assertThat(((Failed) r).findings()).extracting(CheckResult.Finding::what)
                .contains("serial_frame total size is 8 bytes, the contract pins 32");
    }

    @ImplementsContract("2.3")
    static final class ShortFrameProvider implements DeviceChannelProvider {
        @Override
        public String kind() {
            return "serial";
        }

        @Override
        public DeviceChannel create(DeviceSpec device) {
            return new DeviceChannel() {
                public void open() {
                }

                public int read(ByteBuffer dst) {
                    return 0;
                }

                public int write(ByteBuffer src) {
                    return 0;
                }

                public long control(int request, long argument) {
                    return 0;
                }

                public void close() {
                }

                public MemoryLayout frameLayout() {
                    return MemoryLayout.structLayout(ValueLayout.JAVA_SHORT.withName("magic"),
                            ValueLayout.JAVA_SHORT.withName("size"), ValueLayout.JAVA_INT.withName("seq"));
                }
            };
        }
    }

    @Test
    void procNetParsesKernelText() {
        List<String> tcp = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1",
                "   1: 0100007F:2329 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 4243 1");
        assertThat(ProcNet.parse("tcp", tcp)).containsExactly(new ListeningSocket("tcp", "0.0.0.0", 8080, 4242));
        assertThat(ProcNet.address("00000000000000000000000001000000")).isEqualTo("::1");
    }
}
