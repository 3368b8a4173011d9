package io.edgefusion.oci.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CgroupPathOfTest {
    @Test
    void cgroupfsPaths() {
        assertThat(CgroupPathOf.of(null, "c1", false)).isEqualTo("/edgefusion-oci-c1");
        assertThat(CgroupPathOf.of("/machine/c1", "c1", false)).isEqualTo("/machine/c1");
        assertThat(CgroupPathOf.of("pods/c1/", "c1", false)).isEqualTo("/pods/c1");
        assertThatThrownBy(() -> CgroupPathOf.of("/a/../b", "c1", false)).hasMessageContaining("must not contain ..");
    }

    @Test
    void systemdSlicesExpandAsSystemdLaysThemOut() {
        assertThat(CgroupPathOf.systemd("machine.slice:libpod:abc")).isEqualTo("/machine.slice/libpod-abc.scope");
        assertThat(CgroupPathOf.systemd("kubepods-besteffort-pod1.slice:cri-containerd:x"))
                .isEqualTo("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-x.scope");
        assertThatThrownBy(() -> CgroupPathOf.systemd("/plain/path")).hasMessageContaining("slice:prefix:name");
    }

    @Test
    void systemdCgroupWithoutSystemdIsAClearError() {
        if (java.nio.file.Files.isDirectory(CgroupPathOf.SYSTEMD_RUNNING)) {
            assertThat(CgroupPathOf.of("system.slice:x:y", "y", true)).isEqualTo("/system.slice/x-y.scope");
        } else {
            assertThatThrownBy(() -> CgroupPathOf.of("system.slice:x:y", "y", true))
                    .hasMessageStartingWith("--systemd-cgroup: systemd is not running on this host");
        }
    }
}
