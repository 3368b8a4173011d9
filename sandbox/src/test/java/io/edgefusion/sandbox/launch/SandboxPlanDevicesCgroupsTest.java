package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupMount;
import io.edgefusion.kernel.cgroup.CgroupVersion;
import io.edgefusion.sandbox.oci.plan.MountOptions;
import io.edgefusion.sandbox.oci.plan.Supervision;
import io.edgefusion.sandbox.spec.ResolvedUser;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.spec.Security;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The helper's instructions for /dev and /sys/fs/cgroup on host layouts this machine does not have: a v1 host
 * with co-mounted cpu,cpuacct and its links (as systemd makes them), and a pure cgroup v2 host.
 */
class SandboxPlanDevicesCgroupsTest {
    @TempDir
    Path fs;

    private String spec(SandboxSpec s, CgroupLayout layout) {
        OverlayRoot root = new OverlayRoot(fs.resolve("rootfs"), "lowerdir=/l,upperdir=/u,workdir=/w", null, Map.of());
        return SandboxPlan.run(s, "h", root, ResolvedUser.ROOT, Map.of(), new Supervision(fs.resolve("log"), 1,
                fs.resolve("exit"), false, List.of()), layout, "/edgefusion-x/sb", null, HandedFds.NONE,
                java.util.Optional.empty());
    }

    @Test
    void aCoMountedV1HostGetsEachHierarchyReadOnlyAndItsLinks() throws Exception {
        Path cg = Files.createDirectories(fs.resolve("sys/fs/cgroup"));
        Files.createDirectories(cg.resolve("cpu,cpuacct"));
        Files.createDirectories(cg.resolve("memory"));
        Files.createSymbolicLink(cg.resolve("cpu"), Path.of("cpu,cpuacct"));
        Files.createSymbolicLink(cg.resolve("cpuacct"), Path.of("cpu,cpuacct"));
        CgroupLayout layout = new CgroupLayout(new CgroupVersion.V1(), List.of(
                new CgroupMount(false, Set.of("cpu", "cpuacct"), cg.resolve("cpu,cpuacct"), "/"),
                new CgroupMount(false, Set.of("memory"), cg.resolve("memory"), "/"),
                new CgroupMount(false, Set.of("memory"), fs.resolve("elsewhere"), "/")), fs);
        String out = spec(SandboxSpec.of(fs, List.of("true")), layout);
        long ro = MountOptions.MS_RDONLY | MountOptions.MS_NOSUID | MountOptions.MS_NODEV | MountOptions.MS_NOEXEC;
        assertThat(out).contains("mount tmpfs /sys/fs/cgroup tmpfs 14 mode=755,size=64k dir\n")
                .contains("mount cgroup /sys/fs/cgroup/cpu,cpuacct cgroup " + ro + " cpu,cpuacct dir\n")
                .contains("mount cgroup /sys/fs/cgroup/memory cgroup " + ro + " memory dir\n")
                .contains("symlink cpu,cpuacct /sys/fs/cgroup/cpu\n")
                .contains("symlink cpu,cpuacct /sys/fs/cgroup/cpuacct\n")
                .contains("remount_ro /sys/fs/cgroup\n")
                .doesNotContain("elsewhere");
        // rootful: the default nodes are made, and the host's /dev/tty is never bound in
        assertThat(out).contains("mknod /dev/null c 1 3 666\n").contains("mknod /dev/tty c 5 0 666\n")
                .doesNotContain("mount /dev/tty");
    }

    @Test
    void aPureV2HostGetsCgroup2AtSysFsCgroupItself() {
        CgroupLayout layout = new CgroupLayout(new CgroupVersion.V2(fs.resolve("sys/fs/cgroup")), List.of(
                new CgroupMount(true, Set.of("cpu", "memory"), fs.resolve("sys/fs/cgroup"), "/")), fs);
        String out = spec(SandboxSpec.of(fs, List.of("true")), layout);
        assertThat(out).contains("mount cgroup2 /sys/fs/cgroup cgroup2 15 - dir\n").doesNotContain("tmpfs /sys/fs/cgroup")
                .doesNotContain("remount_ro");
    }

    @Test
    void rootlessBindsTheHostsNodesAndPrivilegedDropsMasksAndReadOnlyCgroups() {
        CgroupLayout layout = new CgroupLayout(new CgroupVersion.V2(fs.resolve("sys/fs/cgroup")), List.of(
                new CgroupMount(true, Set.of(), fs.resolve("sys/fs/cgroup"), "/")), fs);
        String rootless = spec(SandboxSpec.of(fs, List.of("true")).withOptions(null, null, false, true, true, false),
                layout);
        assertThat(rootless).contains("mount /dev/null /dev/null - 4096 - file\n").doesNotContain("mknod ")
                .doesNotContain("/dev/tty");
        // rootless: the cgroup mount may be refused by the kernel; the sandbox's own dir (absent here) is the fallback
        assertThat(rootless).contains("mount_or_bind cgroup2 /sys/fs/cgroup cgroup2 15 - dir -\n");
        String privileged = spec(SandboxSpec.of(fs, List.of("true")).withSecurity(new Security(null, true, true)),
                layout);
        assertThat(privileged).doesNotContain("mask ").doesNotContain("readonly ")
                .contains("mount cgroup2 /sys/fs/cgroup cgroup2 14 - dir\n");
    }
}
