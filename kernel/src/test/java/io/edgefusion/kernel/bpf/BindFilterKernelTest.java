package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.bpf.BindProgram.Entry;
import io.edgefusion.kernel.bpf.BindProgram.Family;
import io.edgefusion.kernel.bpf.BindProgram.Transport;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.testing.TestCgroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bind programs on a real cgroup2 directory (this hybrid host's {@code /sys/fs/cgroup/unified} tree). The probe is
 * perl in its own network namespace (so no port of the host is in the way), moved into the cgroup before it binds;
 * each bind prints ok, EPERM or the other error. What is checked: the allow-list, port 0, IPv6, transports not
 * governed, the counter, that nothing needs our fds once attached, {@code find} after "a restart", detach, and that
 * the programs are released with the cgroup.
 */
@KernelTest
class BindFilterKernelTest {
    private static final String PROBE = """
            use Socket qw(:all);
            <STDIN>;
            sub try { my ($n, $fam, $type, $addr) = @_;
              socket(my $s, $fam, $type, 0) or die "socket: $!";
              print "$n=", (bind($s, $addr) ? "ok" : ($!{EPERM} ? "EPERM" : "$!")), "\\n"; close $s; }
            my $lo6 = inet_pton(AF_INET6, "::1");
            try("tcp4_8080", AF_INET, SOCK_STREAM, pack_sockaddr_in(8080, INADDR_ANY));
            try("tcp4_9090", AF_INET, SOCK_STREAM, pack_sockaddr_in(9090, INADDR_ANY));
            try("tcp4_0", AF_INET, SOCK_STREAM, pack_sockaddr_in(0, INADDR_ANY));
            try("tcp4_lo_8081", AF_INET, SOCK_STREAM, pack_sockaddr_in(8081, INADDR_LOOPBACK));
            try("tcp4_any_8081", AF_INET, SOCK_STREAM, pack_sockaddr_in(8081, INADDR_ANY));
            try("udp4_9090", AF_INET, SOCK_DGRAM, pack_sockaddr_in(9090, INADDR_ANY));
            try("tcp6_8080", AF_INET6, SOCK_STREAM, pack_sockaddr_in6(8080, IN6ADDR_ANY));
            try("tcp6_mapped_8081", AF_INET6, SOCK_STREAM, pack_sockaddr_in6(8081, inet_pton(AF_INET6, "::ffff:127.0.0.1")));
            try("tcp6_9090", AF_INET6, SOCK_STREAM, pack_sockaddr_in6(9090, $lo6));
            """;

    private Process child;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private String probeIn(CgroupManager m) throws IOException, InterruptedException {
        child = new ProcessBuilder("unshare", "-n", "sh", "-c", "ip link set lo up && exec perl -e \"$0\"", PROBE)
                .redirectErrorStream(true).start();
        m.addTask(child.pid());
        child.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String unifiedDir(CgroupManager m) {
        return m.paths().unified().orElseThrow(() -> new AssertionError("this host mounts no cgroup2")).dir()
                .toString();
    }

    private static List<Entry> contract() throws IOException {
        return List.of(Entry.any(Family.INET4, 8080), Entry.any(Family.INET6, 8080),
                Entry.of(InetAddress.getByName("127.0.0.1"), 8081));
    }

    @Test
    void onlyAllowedBindsSucceedAndEachRefusalIsCounted() throws Exception {
        try (TestCgroup tc = new TestCgroup()) {
            CgroupManager m = tc.create("bind");
            String dir = unifiedDir(m);
            List<Integer> ids;
            try (BindFilter f = BindFilter.attach(dir, contract(), Set.of(Transport.TCP))) {
                ids = f.programIds();
                assertThat(BpfObjects.attached(dir, CgroupAttachPoint.INET4_BIND)).containsExactly(ids.get(0));
                assertThat(BpfObjects.attached(dir, CgroupAttachPoint.INET6_BIND)).containsExactly(ids.get(1));
                assertThat(f.count()).isEqualTo(new BindFilter.Count(0, java.util.Optional.empty()));
            }
            // Our map fd is closed too: the cgroup alone holds programs and map.
            String out = probeIn(m);
            assertThat(out.lines().toList()).containsExactly("tcp4_8080=ok", "tcp4_9090=EPERM", "tcp4_0=ok",
                    "tcp4_lo_8081=ok", "tcp4_any_8081=EPERM", "udp4_9090=ok", "tcp6_8080=ok", "tcp6_mapped_8081=ok",
                    "tcp6_9090=EPERM");
            // "A restart": found again by the programs' names on the cgroup.
            BindFilter found = BindFilter.find(dir).orElseThrow();
            assertThat(found.programIds()).isEqualTo(ids);
            BindFilter.Count c = found.count();
            assertThat(c.refusals()).isEqualTo(3);
            assertThat(c.last().orElseThrow()).isEqualTo(new BindFilter.Refusal(BpfAbi.AF_INET6, BpfAbi.SOCK_STREAM,
                    6, 9090));
            assertThat(c.last().orElseThrow().describe()).isEqualTo("tcp6 port 9090");
            found.detach();
            assertThat(BpfObjects.attached(dir, CgroupAttachPoint.INET4_BIND)).isEmpty();
            assertThat(BpfObjects.attached(dir, CgroupAttachPoint.INET6_BIND)).isEmpty();
            assertThat(BindFilter.find(dir)).isEmpty();
            awaitGone(ids);
            assertThat(probeIn(m)).contains("tcp4_9090=ok", "tcp6_9090=ok");
        }
    }

    @Test
    void removingTheCgroupReleasesThePrograms() throws Exception {
        List<Integer> ids;
        Path dir;
        try (TestCgroup tc = new TestCgroup()) {
            CgroupManager m = tc.create("bind");
            dir = Path.of(unifiedDir(m));
            try (BindFilter f = BindFilter.attach(dir.toString(), contract(), Set.of(Transport.TCP, Transport.UDP))) {
                ids = f.programIds();
            }
            assertThat(ids).allSatisfy(id -> assertThat(BpfObjects.programExists(id)).isTrue());
            assertThat(probeIn(m)).contains("udp4_9090=EPERM");
        }
        assertThat(dir).doesNotExist();
        awaitGone(ids);
    }

    /** The kernel frees a cgroup's programs after the cgroup is released (a workqueue): wait with a deadline. */
    static void awaitGone(List<Integer> ids) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (ids.stream().anyMatch(BpfObjects::programExists)) {
            assertThat(Instant.now()).as("programs " + ids + " still exist").isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
