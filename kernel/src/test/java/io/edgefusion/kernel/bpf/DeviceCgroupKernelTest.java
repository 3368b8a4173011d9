package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.cgroup.CgroupFiles;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.cgroup.CgroupVersion;
import io.edgefusion.kernel.cgroup.DeviceRule;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.testing.TestCgroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device controller for real, both versions. The test's child process waits on stdin, is moved into a cgroup
 * the test owns, and only then tries to open {@code /dev/null} (allowed) and {@code /dev/kmsg} (char 1:11, not
 * allowed) for writing. On v2 the cgroup is a cgroup2 directory under the host's cgroup2 mount (on this hybrid
 * host, {@code /sys/fs/cgroup/unified}) with the device program attached by {@code bpf(2)}.
 */
@KernelTest
class DeviceCgroupKernelTest {
    /** Only the null device: everything else, /dev/kmsg included, must be refused. */
    private static final List<DeviceRule> NULL_ONLY = List.of(DeviceRule.chr(1, 3, "rwm"),
            DeviceRule.chr(DeviceRule.ANY, DeviceRule.ANY, "m"));
    private static final String PROBE = "read go; "
            + "{ : > /dev/null; } 2>/dev/null && echo null=ok || echo null=refused; "
            + "{ : > /dev/kmsg; } 2>&1 | grep -q 'Operation not permitted' && echo kmsg=EPERM || echo kmsg=other; "
            + "{ : < /dev/zero; } 2>&1 | grep -q 'Operation not permitted' && echo zero=EPERM || echo zero=other";

    private Process child;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts the probe, places it with {@code m}, releases it, returns what it printed. */
    private String probeIn(CgroupManager m) throws IOException, InterruptedException {
        child = new ProcessBuilder("/bin/sh", "-c", PROBE).redirectErrorStream(true).start();
        m.addTask(child.pid());
        child.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void v2DeviceProgramAttachedWithBpfRefusesKmsgAndAllowsNull() throws Exception {
        CgroupLayout host = CgroupLayout.discover();
        Path unified = host.unifiedMount().orElseThrow(() -> new AssertionError("this host mounts no cgroup2"))
                .mountPoint();
        // The same mounts seen as a pure v2 host: the manager is then the v2 one, on the cgroup2 tree only.
        CgroupLayout v2 = new CgroupLayout(new CgroupVersion.V2(unified), host.mounts(), host.fsRoot());
        try (TestCgroup tc = new TestCgroup(v2)) {
            CgroupManager m = tc.create("dev");
            assertThat(m.paths().unified().orElseThrow().dir()).startsWith(unified);
            m.restrictDevices(NULL_ONLY);
            String out = probeIn(m);
            assertThat(out).contains("null=ok").contains("kmsg=EPERM").contains("zero=EPERM");
        }
    }

    @Test
    void v1DevicesListIsDenyAllThenTheAllowList() throws Exception {
        CgroupLayout host = CgroupLayout.discover();
        assertThat(host.mounts().stream().anyMatch(mt -> !mt.unified() && mt.has("devices")))
                .as("this hybrid host mounts the v1 devices controller").isTrue();
        try (TestCgroup tc = new TestCgroup(host)) {
            CgroupManager m = tc.create("dev");
            m.restrictDevices(NULL_ONLY);
            Path list = host.mounts().stream().filter(mt -> !mt.unified() && mt.has("devices")).findFirst()
                    .orElseThrow().dirOf(m.path()).orElseThrow().resolve(CgroupFiles.V1_DEVICES_LIST);
            assertThat(Files.readAllLines(list)).containsExactlyInAnyOrder("c 1:3 rwm", "c *:* m");
            String out = probeIn(m);
            assertThat(out).contains("null=ok").contains("kmsg=EPERM").contains("zero=EPERM");
        }
    }
}
