package io.edgefusion.sandbox;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.spec.DeviceSpec;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Security;
import io.edgefusion.sandbox.testing.CFixtures;
import io.edgefusion.sandbox.testing.TestLoopDevice;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Host devices stay out of reach (issue 8 §2), rootful and rootless, proved by the devprobe attack: it mknods a
 * node for the device and opens it. Rootful, mknod succeeds (CAP_MKNOD, as docker) and the device cgroup refuses
 * the open with EPERM; rootless, mknod itself is refused, and no host node is bound in.
 */
@KernelTest
class SandboxDevicesKernelTest {
    private static TestSandboxes ts;
    private static Path probeDir;
    private static TestLoopDevice loopA;
    private static TestLoopDevice loopB;

    @BeforeAll
    static void setUp() throws Exception {
        ts = new TestSandboxes();
        probeDir = Files.createDirectory(ts.root().resolve("probe"));
        CFixtures.installInto("devprobe", probeDir);
        loopA = new TestLoopDevice(ts.root(), "EDGEFUSION-LOOP-A");
        loopB = new TestLoopDevice(ts.root(), "EDGEFUSION-LOOP-B");
    }

    @AfterAll
    static void tearDown() {
        try {
            ts.close();
        } finally {
            loopA.close();
            loopB.close();
        }
    }

    private static SandboxSpec probe(boolean rootless, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("/probe/devprobe"));
        cmd.addAll(args);
        return ts.spec(cmd.toArray(String[]::new))
                .withMounts(List.of(new MountSpec.Bind(probeDir, "/probe", true)))
                .withOptions(null, null, false, rootless, true, true);
    }

    private static String run(SandboxSpec spec) {
        TestSandboxes.Result r = ts.run(spec);
        assertThat(r.exitCode()).as(r.out()).isZero();
        return r.out();
    }

    /** mknod succeeds rootful (and is refused rootless); the open that follows never does. */
    private static void assertMknodThenRefused(String out, boolean rootless, String node) {
        assertThat(out).contains("mknod " + node + (rootless ? " EPERM" : " ok"));
        assertThat(out).containsPattern("open-[rw] " + node + " " + (rootless ? "ENOENT" : "EPERM"))
                .doesNotContainPattern("open-[rw] " + node + " ok");
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void aMknodDevKmsgCannotBeOpenedForWrite(boolean rootless) {
        String out = run(probe(rootless, List.of("c:/tmp/kmsg:1:11", "w:/tmp/kmsg", "r:/dev/kmsg")));
        assertMknodThenRefused(out, rootless, "/tmp/kmsg");
        assertThat(out).contains("open-r /dev/kmsg ENOENT");
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void aLoopDeviceTheTestAttachedCannotBeOpenedEvenAfterMknod(boolean rootless) {
        String node = "/tmp/loop";
        String out = run(probe(rootless, List.of("b:" + node + ":" + loopA.major() + ":" + loopA.minor(),
                "r:" + node, "w:" + node, "r:" + loopA.path())));
        assertMknodThenRefused(out, rootless, node);
        assertThat(out).contains("open-r " + loopA.path() + " ENOENT");
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void devKvmCannotBeOpenedWhereTheHostHasIt(boolean rootless) throws Exception {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.exists(kvm)) {
            System.out.println("SandboxDevicesKernelTest: this host has no /dev/kvm; the /dev/kvm case did not run"
                    + " (the kmsg, loop and root-disk cases still do)");
            return;
        }
        long rdev = (long) Files.getAttribute(kvm, "unix:rdev");
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
        String out = run(probe(rootless, List.of("c:/tmp/kvm:" + major + ":" + minor, "r:/tmp/kvm", "w:/tmp/kvm",
                "r:/dev/kvm")));
        assertMknodThenRefused(out, rootless, "/tmp/kvm");
        assertThat(out).contains("open-r /dev/kvm ENOENT");
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void theHostsRootBlockDeviceCannotBeOpened(boolean rootless) throws Exception {
        // mountinfo field 3 of "/" is the root filesystem's device, major:minor.
        String dev = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" "))
                .filter(f -> f[4].equals("/")).findFirst().orElseThrow()[2];
        String out = run(probe(rootless, List.of("b:/tmp/root:" + dev, "r:/tmp/root")));
        assertMknodThenRefused(out, rootless, "/tmp/root");
    }

    @ParameterizedTest(name = "rootless={0}")
    @ValueSource(booleans = {false, true})
    void deviceGrantsExactlyTheNamedDevice(boolean rootless) throws Exception {
        if (rootless) {
            loopA.makeWorldReadable(); // the rootless root is host uid 100000: the node's mode must let it read
        }
        SandboxSpec spec = probe(rootless, List.of("R:/dev/xvda", "w:/dev/xvda",
                "b:/tmp/other:" + loopB.major() + ":" + loopB.minor(), "r:/tmp/other"))
                .withDevices(List.of(DeviceSpec.parse(loopA.path() + ":/dev/xvda:r")));
        String out = run(spec);
        assertThat(out).contains("open-r /dev/xvda ok read 16 EDGEFUSION-LOOP-");
        // r only: no write, whoever refuses it (the cgroup rootful, the node's mode too rootless)
        assertThat(out).containsPattern("open-w /dev/xvda E").doesNotContain("open-w /dev/xvda ok");
        assertMknodThenRefused(out, rootless, "/tmp/other");
    }

    @Test
    void deviceRefusesAMissingOrNonDevicePathAndBadLettersInOneLine() {
        assertThatThrownBy(() -> ts.run(ts.spec("true").withDevices(List.of(new DeviceSpec("/dev/nope-x",
                "/dev/x", "rwm"))))).hasMessage("--device /dev/nope-x: no such file on the host");
        assertThatThrownBy(() -> ts.run(ts.spec("true").withDevices(List.of(new DeviceSpec("/etc/hostname",
                "/dev/x", "rwm"))))).hasMessage("--device /etc/hostname: not a character or block device");
        assertThatThrownBy(() -> DeviceSpec.parse("/dev/null:rwx"))
                .hasMessage("--device /dev/null:rwx: permissions rwx are not a subset of rwm (r read, w write, m mknod)");
        assertThat(ts.sandboxes().list()).isEmpty();
    }

    @Test
    void devIsMadeAsRuncMakesIt() {
        String out = run(ts.spec("sh", "-c", "ls -l /dev; grep ' /dev' /proc/mounts; stat -c '%a' /dev")
                .withOptions(null, null, false, false, true, true));
        assertThat(out).containsPattern("crw-rw-rw- +1 root +root +1, +3 .* null")
                .containsPattern("crw-rw-rw- +1 root +root +5, +0 .* tty")
                .containsPattern("ptmx -> pts/ptmx").containsPattern("fd -> /proc/self/fd")
                .containsPattern("stdin -> /proc/self/fd/0").containsPattern("stderr -> /proc/self/fd/2")
                .contains("tmpfs /dev tmpfs").contains("devpts /dev/pts devpts").contains("/dev/shm tmpfs")
                .contains("/dev/mqueue mqueue").contains("755\n");
        // rootless: nodes are the host's, bound; and there is no /dev/tty to bind (the host's is never lent)
        String rl = run(ts.spec("sh", "-c", "ls /dev; grep ' /dev/null ' /proc/mounts")
                .withOptions(null, null, false, true, true, true));
        assertThat(rl).contains("null").contains("urandom").doesNotContain("tty\n").contains("/dev/null devtmpfs");
    }

    @Test
    void privilegedSeesHostDevicesWithNoDeviceCgroupAndAllCapabilities() throws Exception {
        SandboxSpec spec = probe(false, List.of("R:" + loopA.path()))
                .withSecurity(new Security(null, true, true));
        String out = run(spec);
        assertThat(out).contains("open-r " + loopA.path() + " ok read 16 EDGEFUSION-LOOP-");
        String caps = run(ts.spec("sh", "-c", "grep CapEff /proc/self/status; grep -E ' /sys | /proc/(sys|kcore) '"
                + " /proc/mounts")
                .withSecurity(new Security(null, true, true)).withOptions(null, null, false, false, true, true));
        String own = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapBnd:"))
                .findFirst().orElseThrow().substring(7).strip();
        assertThat(caps).contains("CapEff:\t" + own).containsPattern("sysfs /sys sysfs rw")
                .doesNotContain("/proc/sys").doesNotContain("/proc/kcore"); // neither read-only nor masked
    }
}
