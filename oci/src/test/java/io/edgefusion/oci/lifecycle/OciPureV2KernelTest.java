package io.edgefusion.oci.lifecycle;

import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.oci.testing.OciWorld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pure cgroup v2 host as the runtime sees it: in a private mount namespace every cgroup mount is gone and the
 * cgroup2 tree is mounted alone at /sys/fs/cgroup. The container's cgroup is then a cgroup2 directory, its device
 * policy a BPF program, and its own /sys/fs/cgroup a cgroup2 mount of its cgroup namespace.
 */
@KernelTest
class OciPureV2KernelTest {
    /** The runtime's view: no v1 hierarchy, cgroup2 at /sys/fs/cgroup. */
    static final List<String> PURE_V2 = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
            "umount -R /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec \"$@\"", "pure-v2");

    private final OciWorld world = new OciWorld();

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void aContainerRunsWithOnlyTheCgroup2TreeInView() throws Exception {
        Path bundle = world.bundle("v2").args("/bin/sh", "-c",
                "grep -c ' - cgroup2 ' /proc/self/mountinfo; grep -c ' - cgroup ' /proc/self/mountinfo;"
                        + " tail -1 /proc/self/cgroup; mknod /dev/k c 1 11 && echo x > /dev/k").write();
        OciWorld.Result r = world.oci(PURE_V2, Map.of(), "run", "--bundle", bundle.toString(), "v2");
        // one cgroup2 mount and no v1 one inside; its cgroup namespace's root is its own cgroup
        assertThat(r.out()).isEqualTo("1\n0\n0::/\n");
        // mknod is allowed, opening /dev/kmsg's numbers is not: the v2 device program holds
        assertThat(r.err()).contains("/dev/k: Operation not permitted");
        assertThat(r.code()).isEqualTo(1);
        assertThat(world.stateRoot().resolve("v2")).doesNotExist();
    }

    @Test
    void theCgroupIsMadeInTheCgroup2TreeOnly() throws Exception {
        Path bundle = world.bundle("c2").args("/bin/sleep", "600").write();
        OciWorld.Result made = world.oci(PURE_V2, Map.of(), "create", "--bundle", bundle.toString(), "c2");
        assertThat(made.code()).as(made.err()).isZero();
        long pid = world.oci(PURE_V2, Map.of(), "state", "c2").out().lines()
                .filter(l -> l.contains("\"pid\"")).map(l -> l.replaceAll("[^0-9]", "")).mapToLong(Long::parseLong)
                .findFirst().orElseThrow();
        Path unified = Path.of("/sys/fs/cgroup/unified" + world.cgroupPath("c2"));
        assertThat(Files.readString(unified.resolve("cgroup.procs")).strip()).isEqualTo(Long.toString(pid));
        assertThat(Path.of("/sys/fs/cgroup/memory" + world.cgroupPath("c2"))).doesNotExist();
        assertThat(world.oci(PURE_V2, Map.of(), "delete", "c2").code()).isZero();
        assertThat(unified).doesNotExist();
    }
}
