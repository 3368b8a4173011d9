package io.edgefusion.kernel.sys.arch;

import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.sys.Platform;
import io.edgefusion.kernel.sys.UnsupportedHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table is chosen from {@code os.arch}; an architecture without one is refused in one line, never guessed. */
class ArchSelectionTest {
    @Test
    void theJdkSpellingsOfBothArchitecturesSelectTheirTables() {
        assertThat(Arch.forOsArch("amd64")).isSameAs(X86_64.INSTANCE);
        assertThat(Arch.forOsArch("x86_64")).isSameAs(X86_64.INSTANCE);
        assertThat(Arch.forOsArch("aarch64")).isSameAs(Aarch64.INSTANCE);
        assertThat(Arch.forOsArch("arm64")).isSameAs(Aarch64.INSTANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"riscv64", "ppc64le", "s390x", "loongarch64", "x86", "i386", ""})
    void anArchitectureWithoutATableIsRefused(String osArch) {
        assertThatThrownBy(() -> Arch.forOsArch(osArch)).isInstanceOf(UnsupportedHost.class)
                .hasMessageContaining("support x86_64 and aarch64").hasMessageContaining("never guessed")
                .hasMessageContaining("os.arch=" + (osArch.isEmpty() ? "(unset)" : osArch))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void thirtyTwoBitArmIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Arch.forOsArch("arm")).isInstanceOf(UnsupportedHost.class)
                .hasMessageContaining("32-bit arm").hasMessageContaining("aarch64");
    }

    @Test
    void thisJvmUsesTheTableOfItsOwnArchitecture() {
        Arch a = Arch.current();
        assertThat(a).isSameAs(Arch.forOsArch(System.getProperty("os.arch")));
        assertThat(Libc.O_DIRECTORY).isEqualTo(a.oDirectory());
        assertThat(Libc.O_NOFOLLOW).isEqualTo(a.oNofollow());
        Platform.requireLinux("this test"); // passes on a supported host
    }
}
