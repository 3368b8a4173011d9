package io.edgefusion.kernel.sys;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuSetTest {
    private static final Path F = Path.of("/sys/fs/cgroup/cpuset/x/cpuset.cpus");

    @Test
    void parsesListFormatAndPrintsCanonically() {
        CpuSet s = CpuSet.parse("0-3,6,8-9\n", F);
        assertThat(s.count()).isEqualTo(7);
        assertThat(s.contains(6)).isTrue();
        assertThat(s.contains(7)).isFalse();
        assertThat(s).hasToString("0-3,6,8-9");
        assertThat(CpuSet.parse("3,1,2", F)).hasToString("1-3");
        assertThat(CpuSet.parse("\n", F).isEmpty()).isTrue();
    }

    @Test
    void intersectsAndComparesAsSets() {
        CpuSet a = CpuSet.parse("0-3", F);
        CpuSet b = CpuSet.parse("2-5", F);
        assertThat(a.intersect(b)).isEqualTo(CpuSet.parse("2,3", F));
        assertThat(CpuSet.parse("2", F).isSubsetOf(a)).isTrue();
        assertThat(b.isSubsetOf(a)).isFalse();
    }

    @Test
    void fromAffinityMaskIsLittleEndianBits() {
        assertThat(CpuSet.fromMask(new byte[] {0b0000_0101, 0, 1})).hasToString("0,2,16");
    }

    @Test
    void rejectsGarbageNamingTheFileAndContent() {
        assertThatThrownBy(() -> CpuSet.parse("0-x", F)).isInstanceOf(MalformedKernelFile.class)
                .hasMessageContaining(F.toString()).hasMessageContaining("\"0-x\"");
        assertThatThrownBy(() -> CpuSet.parse("5-2", F)).isInstanceOf(MalformedKernelFile.class)
                .hasMessageContaining("backwards");
        assertThatThrownBy(() -> CpuSet.parse("-1", F)).isInstanceOf(MalformedKernelFile.class);
        assertThatThrownBy(() -> CpuSet.parse("99999999", F)).isInstanceOf(MalformedKernelFile.class)
                .hasMessageContaining("out of range");
    }
}
