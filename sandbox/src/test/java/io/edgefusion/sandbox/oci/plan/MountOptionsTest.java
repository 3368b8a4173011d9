package io.edgefusion.sandbox.oci.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MountOptionsTest {
    @Test
    void splitsFlagsPropagationAndData() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "noexec", "nodev", "rbind", "ro", "rslave", "mode=755",
                "size=65536k"), "mounts[0]");
        assertThat(o.flags()).isEqualTo(MountOptions.MS_NOSUID | MountOptions.MS_NOEXEC | MountOptions.MS_NODEV
                | MountOptions.MS_BIND | MountOptions.MS_REC | MountOptions.MS_RDONLY);
        assertThat(o.propagation()).isEqualTo(MountOptions.MS_SLAVE | MountOptions.MS_REC);
        assertThat(o.data()).isEqualTo("mode=755,size=65536k");
        assertThat(o.bind()).isTrue();
        assertThat(o.readOnly()).isTrue();
    }

    @Test
    void laterWordsWin() {
        assertThat(MountOptions.parse(List.of("ro", "rw"), "m").readOnly()).isFalse();
        assertThat(MountOptions.parse(List.of("noexec", "exec"), "m").flags()).isZero();
        assertThat(MountOptions.parse(List.of("bind"), "m").flags()).isEqualTo(MountOptions.MS_BIND);
    }

    @Test
    void refusesIdMappedMountsByName() {
        assertThatThrownBy(() -> MountOptions.parse(List.of("rbind", "idmap"), "mounts[3] (/data)"))
                .hasMessage("mounts[3] (/data): option idmap is not supported");
    }

    @Test
    void tmpcopyupIsRecordedAndTheOtherCopiesStillRefused() {
        MountOptions o = MountOptions.parse(List.of("rw", "rprivate", "nosuid", "nodev", "tmpcopyup"), "m");
        assertThat(o.copyUp()).isTrue();
        assertThat(o.data()).isNull();
        assertThat(o.flags()).isEqualTo(MountOptions.MS_NOSUID | MountOptions.MS_NODEV);
        assertThat(MountOptions.parse(List.of("nosuid"), "m").copyUp()).isFalse();
        for (String refused : List.of("copy-symlink", "ridmap")) {
            assertThatThrownBy(() -> MountOptions.parse(List.of(refused), "mounts[1] (/x)"))
                    .hasMessage("mounts[1] (/x): option " + refused + " is not supported");
        }
    }

    @Test
    void rootfsPropagationWords() {
        assertThat(MountOptions.propagation("rshared", "linux.rootfsPropagation"))
                .isEqualTo(MountOptions.MS_SHARED | MountOptions.MS_REC);
        assertThatThrownBy(() -> MountOptions.propagation("sideways", "linux.rootfsPropagation"))
                .hasMessageStartingWith("linux.rootfsPropagation: sideways is not a propagation");
    }
}
