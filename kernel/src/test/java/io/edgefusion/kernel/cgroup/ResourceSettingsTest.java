package io.edgefusion.kernel.cgroup;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values no host takes are refused when the settings are built, one line naming the value. */
class ResourceSettingsTest {

    @Test
    void blockIoValues() {
        assertThatThrownBy(() -> new DeviceThrottle(IoThrottle.READ_BPS, 8, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rbps of device 8:0: negative rate -1");
        assertThatThrownBy(() -> new DeviceThrottle(IoThrottle.WRITE_IOPS, 4096, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("block device 4096:0 out of range");
        assertThatThrownBy(() -> new DeviceWeight(8, 0, OptionalInt.empty(), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight of device 8:0: neither weight nor leaf weight");
        assertThatThrownBy(() -> BlockIoSettings.none().withLeafWeight(1001))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("blkio leaf weight 1001: expected 10..1000");
        // The linear map of runc, at its ends and the v1 default.
        assertThat(BlockIoSettings.v2Weight(10)).isEqualTo(1);
        assertThat(BlockIoSettings.v2Weight(500)).isEqualTo(4950);
        assertThat(BlockIoSettings.v2Weight(1000)).isEqualTo(10000);
    }

    @Test
    void hugepageValues() {
        assertThatThrownBy(() -> new HugePageSize(3 << 20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("huge page size 3145728 bytes: not a power of two of at least 1KB");
        assertThatThrownBy(() -> HugepageLimit.of("2MB", -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hugepage limit -2 for 2MB: expected -1 or more");
        assertThatThrownBy(() -> HugePageSize.ofKernelDir("hugepages-2MB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"hugepages-2MB\" is not a hugepages-<n>kB directory");
        assertThat(HugePageSize.parse("1024KB")).isEqualTo(HugePageSize.parse("1MB"));
        assertThat(HugePageSize.parse("1024KB").name()).isEqualTo("1MB");
    }

    @Test
    void cpuValues() {
        assertThatThrownBy(() -> new CpuExtras(OptionalLong.empty(), OptionalLong.of(0), OptionalLong.empty(),
                OptionalLong.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpu realtime period 0: must be positive");
        assertThatThrownBy(() -> CpuExtras.none().withRealtime(-2, 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpu realtime runtime -2: expected -1 or more");
        assertThatThrownBy(() -> CpuExtras.none().withBurst(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpu burst -1: negative");
    }

    @Test
    void unifiedKeepsItsOrder() {
        ResourceSettings s = ResourceSettings.none().withUnified("memory.high", "1").withUnified("cpu.weight", "2")
                .withUnified("io.max", "3");
        assertThat(s.unified().keySet()).containsExactly("memory.high", "cpu.weight", "io.max");
    }
}
