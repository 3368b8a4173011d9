package io.edgefusion.platform.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which JDK a trimmed runtime is linked from. The JDKs here are directories with a release file (and jmods where
 * the case needs them): an aarch64 JDK cannot be run on this machine, and only its files are read.
 */
class BuildTargetTest {
    @TempDir
    Path tmp;

    private Path jdk(String name, String osArch, String version, boolean jmods) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.writeString(d.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\nOS_ARCH=\""
                + osArch + "\"\nOS_NAME=\"Linux\"\n");
        if (jmods) {
            Files.createDirectories(d.resolve("jmods"));
            Files.writeString(d.resolve("jmods/java.base.jmod"), "JM");
        }
        return d;
    }

    @Test
    void aProfileForTheBuildJdksArchitectureLinksFromIt() throws IOException {
        Path build = jdk("build", "x86_64", "25.0.3", false);
        BuildTarget t = BuildTarget.resolve("p.yaml", "x86_64", build, Optional.empty());
        assertThat(t.cross()).isFalse();
        assertThat(t.jlinkCommand()).containsExactly(build.resolve("bin/jlink").toString());
    }

    @Test
    void anAarch64ProfileOnAnX86JdkIsRefusedNamingBothAndTheFix() throws IOException {
        Path build = jdk("build", "x86_64", "25.0.3", false);
        assertThatThrownBy(() -> BuildTarget.resolve("profiles/rk3588-sm4.yaml", "aarch64", build, Optional.empty()))
                .isInstanceOf(BuildRefused.class)
                .hasMessage("profiles/rk3588-sm4.yaml is for arch aarch64 but this JDK (" + build + ") is x86_64,"
                        + " and a runtime linked from it would not start on the board: give --target-jdk DIR, a JDK"
                        + " 25.0 for aarch64 with its jmods");
    }

    @Test
    void theJdksOwnSpellingOfItsArchitectureCounts() throws IOException {
        Path build = jdk("build", "amd64", "25.0.3", false);
        assertThat(BuildTarget.resolve("p.yaml", "x86_64", build, Optional.empty()).cross()).isFalse();
        Path arm = jdk("arm", "arm", "25.0.1", true);
        assertThat(BuildTarget.resolve("p.yaml", "armv7", build, Optional.of(arm)).arch()).isEqualTo("armv7");
    }

    @Test
    void aTargetJdkOfAnotherArchitectureThanTheProfilesIsRefused() throws IOException {
        Path build = jdk("build", "x86_64", "25.0.3", false);
        Path other = jdk("other", "riscv64", "25.0.3", true);
        assertThatThrownBy(() -> BuildTarget.resolve("p.yaml", "aarch64", build, Optional.of(other)))
                .isInstanceOf(BuildRefused.class)
                .hasMessage("--target-jdk " + other + " is a JDK for riscv64 (its release file's OS_ARCH) but p.yaml"
                        + " is for arch aarch64: give a JDK for aarch64");
    }

    @Test
    void aTargetJdkOfAnotherReleaseIsRefused() throws IOException {
        Path build = jdk("build", "x86_64", "25.0.3", false);
        Path old = jdk("old", "aarch64", "17.0.12", true);
        assertThatThrownBy(() -> BuildTarget.resolve("p.yaml", "aarch64", build, Optional.of(old)))
                .isInstanceOf(BuildRefused.class).hasMessageContaining("is JDK 17.0.12")
                .hasMessageContaining("give a JDK 25.0 for aarch64");
    }

    @Test
    void aForeignTargetJdkWithoutJmodsIsRefused() throws IOException {
        Path build = jdk("build", "x86_64", "25.0.3", false);
        Path noJmods = jdk("nojmods", "aarch64", "25.0.2", false);
        assertThatThrownBy(() -> BuildTarget.resolve("p.yaml", "aarch64", build, Optional.of(noJmods)))
                .isInstanceOf(BuildRefused.class).hasMessageContaining("has no jmods/java.base.jmod");
    }

    @Test
    void aDirectoryThatIsNoJdkIsRefused() throws IOException {
        Path build = jdk("build", "x86_64", "25.0.3", false);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> BuildTarget.resolve("p.yaml", "aarch64", build, Optional.of(empty)))
                .isInstanceOf(BuildRefused.class).hasMessage("--target-jdk " + empty + " has no release file: not a"
                        + " JDK home directory");
        Files.writeString(empty.resolve("release"), "JAVA_VERSION=\"25\"\n");
        assertThatThrownBy(() -> BuildTarget.resolve("p.yaml", "aarch64", build, Optional.of(empty)))
                .isInstanceOf(BuildRefused.class).hasMessageContaining("names no OS_ARCH");
    }

    @Test
    void anAarch64TargetWithJmodsIsACrossBuildLinkedByThisJdksJlinkFromThem() throws IOException {
        Path build = jdk("build", "x86_64", "25.0.3", false);
        Path arm = jdk("arm64", "aarch64", "25.0.1", true);
        BuildTarget t = BuildTarget.resolve("p.yaml", "aarch64", build, Optional.of(arm));
        assertThat(t.cross()).isTrue();
        assertThat(t.jlinkCommand()).containsExactly(build.resolve("bin/jlink").toString(), "--module-path",
                arm.resolve("jmods").toString());
    }
}
