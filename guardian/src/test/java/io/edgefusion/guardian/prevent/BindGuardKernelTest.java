package io.edgefusion.guardian.prevent;

import io.edgefusion.kernel.bpf.BindFilter;
import io.edgefusion.kernel.bpf.BpfObjects;
import io.edgefusion.kernel.bpf.CgroupAttachPoint;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.platform.check.CheckResult;
import io.edgefusion.platform.contract.NetworkRules;
import io.edgefusion.platform.contract.NetworkRules.Endpoint;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's network rule enforced in the kernel on real busybox sandboxes: the bind programs go on the
 * sandbox's directory in this hybrid host's cgroup2 tree, and every bind inside is judged by them. busybox's
 * {@code nc -l} and {@code httpd} bind [::] (dual stack) unless given an address.
 */
@KernelTest
class BindGuardKernelTest {
    private static final NetworkRules CONTRACT = new NetworkRules("network.listen",
            List.of(Endpoint.parse("0.0.0.0:8080")), List.of());

    private TestSandboxes ts;

    @BeforeEach
    void setUp() {
        ts = new TestSandboxes();
    }

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private String started() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return ts.sandboxes().run(ts.spec("sleep", "1000"), true, out).id();
    }

    private Prevention.Enforcing guard(String id) {
        SandboxState s = ts.sandboxes().inspect(id);
        Prevention p = new BindGuard().attach(id, ts.sandboxes().layout(), s.cgroupPath(), CONTRACT);
        assertThat(p).as(p.toString()).isInstanceOf(Prevention.Enforcing.class);
        return (Prevention.Enforcing) p;
    }

    /** Runs {@code script} in the sandbox; stdout and stderr together, then "rc=N". */
    private String inside(String id, String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = ts.sandboxes().exec(id, List.of("sh", "-c", script + " 2>&1; echo rc=$?"), Map.of(), null, null,
                out);
        assertThat(rc).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bindsOutsideTheContractFailWithEpermAndAreCounted() throws Exception {
        String id = started();
        Prevention.Enforcing p = guard(id);
        BindRefusals refusals = p.refusals();
        String dir = p.cgroupDir().toString();
        assertThat(p.cgroupDir()).startsWith(ts.sandboxes().layout().unifiedMount().orElseThrow().mountPoint());
        assertThat(BpfObjects.attached(dir, CgroupAttachPoint.INET4_BIND)).containsExactly(p.programIds().get(0));
        assertThat(BpfObjects.attached(dir, CgroupAttachPoint.INET6_BIND)).containsExactly(p.programIds().get(1));
        assertThat(refusals.check()).isInstanceOf(CheckResult.Passed.class);

        // The contract port binds and listens (httpd binds, then daemonizes: rc 0 means the bind succeeded).
        assertThat(inside(id, "httpd -p 8080 -h /")).isEqualTo("rc=0\n");
        assertThat(inside(id, "grep -c ':1F90 .* 0A ' /proc/net/tcp6")).isEqualTo("1\nrc=0\n");
        assertThat(refusals.total()).isZero();

        // Another port is refused at bind(2): EPERM in the workload, never listening, one refusal counted.
        assertThat(inside(id, "nc -l -p 9090")).isEqualTo("nc: bind: Operation not permitted\nrc=1\n");
        assertThat(inside(id, "grep -qi ':2382 ' /proc/net/tcp6 /proc/net/tcp")).isEqualTo("rc=1\n");
        assertThat(refusals.total()).isEqualTo(1);
        BindRefusals.Refused r = refusals.poll().orElseThrow();
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.last().orElseThrow().describe()).isEqualTo("tcp6 port 9090");
        assertThat(r.reason()).contains("1 bind(s) outside the contract refused with EPERM")
                .contains("tcp6 port 9090").contains("[0.0.0.0:8080]").doesNotContain("\n");
        assertThat(refusals.poll()).isEmpty();

        // IPv4 explicitly, then IPv6 on ::1 when the sandbox's lo has it.
        assertThat(inside(id, "httpd -p 0.0.0.0:9091 -h /")).isEqualTo("httpd: bind: Operation not permitted\nrc=1\n");
        assertThat(refusals.poll().orElseThrow().last().orElseThrow().describe()).isEqualTo("tcp4 port 9091");
        assertThat(inside(id, "grep -c '^00000000000000000000000000000001 ' /proc/net/if_inet6"))
                .as("the sandbox's lo has ::1").isEqualTo("1\nrc=0\n");
        assertThat(inside(id, "httpd -p '[::1]:9092' -h /")).isEqualTo("httpd: bind: Operation not permitted\nrc=1\n");
        CheckResult c = refusals.check();
        assertThat(c).isInstanceOf(CheckResult.Failed.class);
        assertThat(((CheckResult.Failed) c).findings().getFirst().what()).contains("tcp6 port 9092");
        assertThat(((CheckResult.Failed) c).findings().getFirst().where()).contains(id).contains(dir);

        // Port 0 (what a client gets) stays allowed and is not counted ("-p 0" alone would be address 0, port 80).
        assertThat(inside(id, "httpd -p 0.0.0.0:0 -h /")).isEqualTo("rc=0\n");
        assertThat(inside(id, "httpd -p '[::]:0' -h /")).isEqualTo("rc=0\n");
        assertThat(refusals.total()).isEqualTo(3);
        assertThat(refusals.check()).isInstanceOf(CheckResult.Passed.class);

        // Removing the sandbox removes its cgroup, and the cgroup takes the programs with it.
        ts.sandboxes().remove(id, true);
        assertThat(p.cgroupDir()).doesNotExist();
        p.remove(); // only closes the counter now
        awaitGone(p.programIds());
    }

    @Test
    void removeDetachesFromALiveSandboxAndReattachFindsWhatAnEarlierGuardianLeft() {
        String id = started();
        Prevention.Enforcing first = guard(id);
        assertThat(inside(id, "nc -l -p 9090")).contains("Operation not permitted");
        first.refusals().close(); // "the guardian restarts": the programs stay and keep refusing
        assertThat(inside(id, "nc -l -p 9191")).contains("Operation not permitted");

        Prevention again = new BindGuard().reattach(id, first.cgroupDir(), CONTRACT, 1);
        assertThat(again).isInstanceOf(Prevention.Enforcing.class);
        Prevention.Enforcing e = (Prevention.Enforcing) again;
        assertThat(e.programIds()).isEqualTo(first.programIds());
        BindRefusals.Refused r = e.refusals().poll().orElseThrow();
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.total()).isEqualTo(2);

        e.remove();
        String dir = e.cgroupDir().toString();
        assertThat(BpfObjects.attached(dir, CgroupAttachPoint.INET4_BIND)).isEmpty();
        assertThat(BpfObjects.attached(dir, CgroupAttachPoint.INET6_BIND)).isEmpty();
        assertThat(BindFilter.find(dir)).isEmpty();
        awaitGone(e.programIds());
        // Detached: the bind gets past the kernel (nc then waits for a client; -w would not help a listener).
        assertThat(inside(id, "httpd -p 9090 -h /")).isEqualTo("rc=0\n");
    }

    @Test
    void aHostWithoutCgroup2DegradesToDetectionWithOneLineReason() throws Exception {
        Path notCgroup = Files.createTempDirectory("edgefusion-test-bindguard-");
        try {
            Prevention p = new BindGuard().attach("sb1", notCgroup, CONTRACT);
            assertThat(p).isEqualTo(new Prevention.DetectionOnly("sb1", "bind prevention off, detection only: "
                    + notCgroup + " is not a cgroup2 directory (no cgroup2 mount there)"));

            // Looks like cgroup2 (has cgroup.controllers) but is not: the kernel refuses the attach.
            Files.writeString(notCgroup.resolve("cgroup.controllers"), "");
            long fds = openFds();
            Prevention q = new BindGuard().attach("sb1", notCgroup, CONTRACT);
            assertThat(openFds()).as("map and program fds closed after the failed attach").isEqualTo(fds);
            assertThat(q).isInstanceOf(Prevention.DetectionOnly.class);
            assertThat(((Prevention.DetectionOnly) q).reason()).startsWith("bind prevention off, detection only:"
                    + " cgroup BPF unavailable: bpf BPF_PROG_ATTACH INET4_BIND " + notCgroup).doesNotContain("\n");

            CgroupLayout host = CgroupLayout.discover();
            CgroupLayout v1Only = new CgroupLayout(new io.edgefusion.kernel.cgroup.CgroupVersion.V1(),
                    host.mounts().stream().filter(m -> !m.unified()).toList(), host.fsRoot());
            assertThat(new BindGuard().attach("sb1", v1Only, "/edgefusion/sb1", CONTRACT)).isEqualTo(
                    new Prevention.DetectionOnly("sb1", "bind prevention off, detection only: the host mounts no"
                            + " cgroup2"));
        } finally {
            io.edgefusion.kernel.sys.TreeRemoval.remove(notCgroup);
        }
    }

    @Test
    void theContractBecomesAnAllowListOfBothFamilies() throws Exception {
        NetworkRules rule = new NetworkRules("network.listen", List.of(Endpoint.parse("0.0.0.0:8080"),
                Endpoint.parse("[::]:8080"), Endpoint.parse("127.0.0.1:9000"), Endpoint.parse("[fd00::1]:9001")),
                List.of());
        assertThat(BindGuard.entries(rule).stream().map(Object::toString).toList()).hasSize(4);
        NetworkRules named = new NetworkRules("network.listen", List.of(Endpoint.parse("localhost:8080")), List.of());
        Prevention p = new BindGuard().attach("sb2", Path.of("/sys/fs/cgroup/unified"), named);
        assertThat(((Prevention.DetectionOnly) p).reason()).contains("names host 'localhost', not an address");
    }

    private static long openFds() throws java.io.IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** The kernel frees a removed cgroup's programs from a workqueue: wait for that, with a deadline. */
    private static void awaitGone(List<Integer> ids) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (ids.stream().anyMatch(BpfObjects::programExists)) {
            assertThat(Instant.now()).as("programs " + ids + " outlive their cgroup").isBefore(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
