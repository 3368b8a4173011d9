package io.edgefusion.sandbox;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a workload sees from inside: each isolation fact checked by a real sandbox. */
@KernelTest
class SandboxIsolationKernelTest {
    private static TestSandboxes ts;

    @BeforeAll
    static void setUp() {
        ts = new TestSandboxes();
    }

    @AfterAll
    static void tearDown() {
        ts.close();
    }

    private static String inside(String script) {
        TestSandboxes.Result r = ts.run(ts.spec("sh", "-c", script).withOptions(null, "isolated-1", false, false,
                true, true));
        assertThat(r.exitCode()).as(r.out()).isZero();
        return r.out();
    }

    @Test
    void pidOneIsTheWorkloadAndOnlyItsProcessesAreVisible() {
        // The glob is expanded by PID 1 itself, with no child running: it alone is visible.
        assertThat(inside("echo $$; echo /proc/[0-9]*").lines().toList()).containsExactly("1", "/proc/1");
        assertThat(inside("cat /proc/1/cmdline | tr '\\0' ' '")).startsWith("sh -c");
    }

    @Test
    void hostnameIsTheSandboxes() {
        assertThat(inside("hostname").strip()).isEqualTo("isolated-1");
    }

    @Test
    void networkNoneHasOnlyLoopbackAndItIsUp() {
        assertThat(inside("ls /sys/class/net").strip()).isEqualTo("lo");
        assertThat(inside("cat /sys/class/net/lo/operstate; cat /sys/class/net/lo/flags").lines().toList())
                .last().satisfies(flags -> assertThat(Integer.decode(flags) & 1).isEqualTo(1)); // IFF_UP
    }

    @Test
    void hostMountsAreInvisible() throws Exception {
        String mounts = inside("cat /proc/mounts");
        assertThat(mounts.lines().findFirst().orElseThrow()).startsWith("overlay / overlay");
        Set<String> points = mounts.lines().map(l -> l.split(" ")[1]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(points).doesNotContain("/work", "/tmp");
        // The host's /dev/shm is not the sandbox's: a file the test leaves there is not seen inside.
        Path marker = Files.createTempFile(Path.of("/dev/shm"), "edgefusion-test-", ".host");
        try {
            assertThat(inside("ls -A /dev/shm 2>&1; true")).doesNotContain(marker.getFileName().toString());
        } finally {
            Files.deleteIfExists(marker);
        }
        // Nothing of the host's own mount table (e.g. its /work) is listed inside. /sys/fs/cgroup is there, but
        // as the sandbox's own read-only cgroup mounts (SandboxCgroupfsKernelTest), not the host's.
        for (String hostLine : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String mp = hostLine.split(" ")[1];
            if (mp.startsWith("/work") || mp.startsWith("/mnt")) {
                assertThat(points).doesNotContain(mp);
            }
        }
        assertThat(mounts.lines().filter(l -> l.split(" ")[1].startsWith("/sys/fs/cgroup")))
                .allSatisfy(l -> assertThat(l.split(" ")[3]).startsWith("ro,"));
    }

    @Test
    void maskedPathsAreEmptyAndReadOnlyPathsRefuseWrites() {
        // Masked (those this kernel has): files read as /dev/null, directories as an empty tmpfs.
        assertThat(inside("cat /proc/keys /proc/timer_list | wc -c").strip()).isEqualTo("0");
        assertThat(inside("ls -A /sys/firmware /proc/acpi | grep -v : | grep -c . || true").strip()).isEqualTo("0");
        String mounts = inside("cat /proc/mounts");
        assertThat(mounts).containsPattern("proc /proc/sys proc ro,");
        assertThat(mounts).containsPattern("proc /proc/irq proc ro,");
        assertThat(mounts).containsPattern("sysfs /sys sysfs ro,");
        assertThat(inside("{ echo 1 > /proc/sys/vm/drop_caches; } 2>&1; echo rc=$?")).contains("Read-only file system")
                .contains("rc=1");
    }

    @Test
    void capabilitiesAreDockersDefaultAndNoNewPrivsIsSet() {
        String status = inside("grep -E 'Cap(Eff|Prm|Bnd|Inh|Amb)|NoNewPrivs' /proc/self/status");
        assertThat(status).contains("CapEff:\t00000000a80425fb").contains("CapPrm:\t00000000a80425fb")
                .contains("CapBnd:\t00000000a80425fb").contains("CapInh:\t0000000000000000")
                .contains("NoNewPrivs:\t1");
    }

    @Test
    void capAddDropAndANonRootUserChangeTheSets() {
        TestSandboxes.Result dropped = ts.run(ts.spec("sh", "-c", "grep CapEff /proc/self/status")
                .withCapabilities(Set.of("NET_ADMIN"), Set.of("MKNOD", "NET_RAW")).withOptions(null, null, false,
                        false, true, true));
        // a80425fb − MKNOD (bit 27) − NET_RAW (bit 13) + NET_ADMIN (bit 12) = a00415fb
        assertThat(dropped.out()).contains("CapEff:\t00000000a00415fb");
        TestSandboxes.Result user = ts.run(ts.spec("sh", "-c", "id; grep -E 'CapEff|CapBnd' /proc/self/status")
                .withOptions("app", null, false, false, true, true));
        assertThat(user.out()).contains("uid=1000(app) gid=1000(app)").contains("CapEff:\t0000000000000000")
                .contains("CapBnd:\t00000000a80425fb");
    }

    @Test
    void pidOneHoldsExactlyFdsZeroOneTwoAndTheHelperIsASealedMemfd() throws Exception {
        Sandboxes sb = ts.sandboxes();
        Sandboxes.RunResult r = sb.run(ts.spec("sleep", "30").withOptions(null, null, false, false, true, false),
                true, new ByteArrayOutputStream());
        SandboxState s = sb.inspect(r.id());
        try (Stream<Path> fds = Files.list(Path.of("/proc", s.pid().toString(), "fd"))) {
            assertThat(fds.map(p -> p.getFileName().toString()).sorted()).containsExactly("0", "1", "2");
        }
        Path reaperExe = Path.of("/proc", s.reaperPid().toString(), "exe");
        assertThat(Files.readSymbolicLink(reaperExe).toString()).startsWith("/memfd:edgefusion-helper");
        // The sealed memfd refuses writers (and a running image refuses them anyway).
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Files.write(reaperExe, new byte[] {0}))
                .isInstanceOf(java.io.IOException.class);
        // and from the workload's side the helper is not even visible: PID 1 has no parent inside.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(sb.exec(r.id(), java.util.List.of("sh", "-c", "grep PPid /proc/1/status"), java.util.Map.of(),
                null, null, out)).isZero();
        assertThat(out.toString()).contains("PPid:\t0");
        sb.remove(r.id(), true);
        ts.assertGone(r.id());
    }

    @Test
    void theRootIsAnOverlayAndTheLowerLayerIsNeverWritten() throws Exception {
        SandboxSpec spec = ts.spec("sh", "-c", "echo scribble > /etc/hostname; rm /bin/ls; cat /etc/hostname")
                .withOptions(null, null, false, false, true, true);
        assertThat(ts.run(spec).out()).contains("scribble");
        assertThat(Files.readString(ts.busybox().resolve("etc/hostname"))).isEqualTo("edgefusion\n");
        assertThat(ts.busybox().resolve("bin/ls")).exists();
        TestSandboxes.Result ro = ts.run(ts.spec("sh", "-c", "touch /x 2>&1; echo rc=$?")
                .withOptions(null, null, true, false, true, true));
        assertThat(ro.out()).contains("Read-only file system").contains("rc=1");
    }
}
