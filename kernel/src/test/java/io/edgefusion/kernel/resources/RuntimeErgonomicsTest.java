package io.edgefusion.kernel.resources;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeErgonomicsTest {
    private static final long MIB = 1L << 20;

    @Test
    void cpuCountIsCeilOfQuotaCappedByUsableCpus() {
        assertThat(RuntimeErgonomics.compute(8, 0.5, OptionalLong.empty()).cpuCount()).isEqualTo(1);
        assertThat(RuntimeErgonomics.compute(8, 1.5, OptionalLong.empty()).cpuCount()).isEqualTo(2);
        assertThat(RuntimeErgonomics.compute(8, 2.0, OptionalLong.empty()).cpuCount()).isEqualTo(2);
        assertThat(RuntimeErgonomics.compute(2, 6.0, OptionalLong.empty()).cpuCount()).isEqualTo(2);
        assertThat(RuntimeErgonomics.compute(4, Double.NaN, OptionalLong.empty()).cpuCount()).isEqualTo(4);
        assertThat(RuntimeErgonomics.compute(0, Double.NaN, OptionalLong.empty()).cpuCount()).isEqualTo(1);
    }

    @Test
    void gomaxprocsFollowsGo125FloorOfTwoButNeverExceedsTheCpuset() {
        assertThat(RuntimeErgonomics.compute(8, 0.5, OptionalLong.empty()).gomaxprocs()).isEqualTo(2);
        assertThat(RuntimeErgonomics.compute(8, 3.2, OptionalLong.empty()).gomaxprocs()).isEqualTo(4);
        assertThat(RuntimeErgonomics.compute(1, 0.5, OptionalLong.empty()).gomaxprocs()).isEqualTo(1);
        assertThat(RuntimeErgonomics.compute(6, Double.NaN, OptionalLong.empty()).gomaxprocs()).isEqualTo(6);
    }

    @Test
    void gomemlimitIsNinetyPercentOfTheBudget() {
        RuntimeErgonomics e = RuntimeErgonomics.compute(2, Double.NaN, OptionalLong.of(256 * MIB));
        assertThat(e.gomemlimit()).hasValue(241591910L); // floor(268435456 * 0.9)
        assertThat(e.environment()).containsEntry("GOMEMLIMIT", "241591910").containsEntry("GOMAXPROCS", "2");
        assertThat(RuntimeErgonomics.compute(2, Double.NaN, OptionalLong.empty()).environment())
                .doesNotContainKey("GOMEMLIMIT");
    }

    @Test
    void jvmHeapLeavesRoomForNonHeap() {
        // 256 MiB: 256 - (64 + 25.6) = 166.4 -> 166 MiB
        assertThat(RuntimeErgonomics.compute(2, 0.5, OptionalLong.of(256 * MIB)).jvmFlags())
                .containsExactly("-XX:ActiveProcessorCount=1", "-Xmx166m");
        // 128 MiB: 128 - 76.8 = 51.2 < 64 = M/2 -> 64 MiB
        assertThat(RuntimeErgonomics.compute(2, Double.NaN, OptionalLong.of(128 * MIB)).jvmMaxHeap())
                .hasValue(64 * MIB);
        // 4 GiB: 4096 - (64 + 409.6) = 3622.4 -> 3622 MiB
        assertThat(RuntimeErgonomics.compute(2, Double.NaN, OptionalLong.of(4096 * MIB)).jvmMaxHeap())
                .hasValue(3622 * MIB);
        assertThat(RuntimeErgonomics.compute(2, Double.NaN, OptionalLong.empty()).jvmFlags())
                .containsExactly("-XX:ActiveProcessorCount=2");
    }
}
