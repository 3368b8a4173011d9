package io.edgefusion.runtime.rootfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A relative ROOTFS is the caller's, not this JVM's. */
class RootfsSourceTest {
    @TempDir
    Path tmp;

    @Test
    void aRelativeDirectoryIsResolvedAgainstTheCallersCwd() throws Exception {
        Path callerCwd = Files.createDirectories(tmp.resolve("caller"));
        Path rootfs = Files.createDirectories(callerCwd.resolve("rootfs"));
        RootfsSource plain = RootfsSource.resolve("rootfs", tmp.resolve("state"), callerCwd);
        assertThat(plain.layers()).containsExactly(rootfs);
        assertThat(plain.image()).isEmpty();
        assertThat(RootfsSource.resolve("./rootfs/../rootfs", tmp.resolve("state"), callerCwd).layers())
                .containsExactly(rootfs);
        assertThat(RootfsSource.resolve(rootfs.toString(), tmp.resolve("state"), Path.of("/")).layers())
                .containsExactly(rootfs);
    }

    @Test
    void somethingThatIsNeitherADirectoryNorAnImageIsNamed() {
        assertThatThrownBy(() -> RootfsSource.resolve("nothing:1", tmp.resolve("state"), tmp))
                .isInstanceOf(UnknownSourceException.class)
                .hasMessage("ROOTFS nothing:1: no such directory, and no image nothing:1 in the store (see"
                        + " edgefusion image ls)")
                .satisfies(e -> assertThat(((UnknownSourceException) e).source()).isEqualTo("nothing:1"));
    }
}
