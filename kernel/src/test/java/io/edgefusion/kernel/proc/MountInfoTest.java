package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.MalformedKernelFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MountInfoTest {
    private static final Path SRC = Path.of("mountinfo");

    @Test
    void parsesFieldsOptionalFieldsAndEscapes() {
        MountInfo mi = MountInfo.parse("""
                36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue
                40 31 0:37 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
                50 36 0:50 / /mnt/with\\040space rw - tmpfs none rw
                """, SRC);
        assertThat(mi.entries()).hasSize(3);
        MountEntry e = mi.entries().getFirst();
        assertThat(e.id()).isEqualTo(36);
        assertThat(e.parentId()).isEqualTo(35);
        assertThat(e.device()).isEqualTo("98:0");
        assertThat(e.root()).isEqualTo("/mnt1");
        assertThat(e.mountPoint()).isEqualTo("/mnt/parent");
        assertThat(e.mountOptions()).containsExactly("rw", "noatime");
        assertThat(e.optionalFields()).containsExactly("master:1", "shared:7");
        assertThat(e.fsType()).isEqualTo("ext3");
        assertThat(e.source()).isEqualTo("/dev/root");
        assertThat(e.superOption("errors")).hasValue("continue");
        assertThat(mi.entries().get(1).hasSuperOption("cpuacct")).isTrue();
        assertThat(mi.entries().get(1).hasMountOption("noexec")).isTrue();
        assertThat(mi.entries().get(2).mountPoint()).isEqualTo("/mnt/with space");
    }

    @Test
    void mountOfPicksTheLongestPrefixAndTheLastOfEqualMountPoints() {
        MountInfo mi = MountInfo.parse("""
                1 0 8:1 / / rw - ext4 /dev/sda1 rw
                2 1 0:20 / /tmp rw - tmpfs a rw
                3 2 0:21 / /tmp rw,noexec - tmpfs b rw
                4 1 0:22 / /tmpfoo rw - tmpfs c rw
                """, SRC);
        assertThat(mi.mountOf(Path.of("/tmp/x/y"))).get().extracting(MountEntry::source).isEqualTo("b");
        assertThat(mi.mountOf(Path.of("/tmpfoo/z"))).get().extracting(MountEntry::source).isEqualTo("c");
        assertThat(mi.mountOf(Path.of("/etc/passwd"))).get().extracting(MountEntry::source).isEqualTo("/dev/sda1");
    }

    @Test
    void rejectsMalformedLinesWithLineNumber() {
        assertThatThrownBy(() -> MountInfo.parse("1 0 8:1 / / rw - ext4 /dev/sda1 rw\ngarbage line\n", SRC))
                .isInstanceOf(MalformedKernelFile.class).hasMessageContaining("line 2")
                .hasMessageContaining("garbage line");
        assertThatThrownBy(() -> MountInfo.parse("x 0 8:1 / / rw - ext4 /dev/sda1 rw\n", SRC))
                .isInstanceOf(MalformedKernelFile.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> MountInfo.parse("1 0 81 / / rw a b c - ext4 /dev/sda1 rw\n", SRC))
                .isInstanceOf(MalformedKernelFile.class).hasMessageContaining("major:minor");
    }

    @Test
    void readsTheLiveFile() {
        MountInfo mi = MountInfo.read(MountInfo.SELF);
        assertThat(mi.mountOf(Path.of("/"))).isPresent();
    }
}
