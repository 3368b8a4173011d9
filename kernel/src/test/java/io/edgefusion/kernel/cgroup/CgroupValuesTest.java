package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.MalformedKernelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CgroupValuesTest {
    private static final Path F = Path.of("/sys/fs/cgroup/memory/x/memory.limit_in_bytes");

    @ParameterizedTest(name = "bad count \"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
            "''|empty",
            "abc|not a decimal number",
            "-5|negative",
            "max|'max' where a number is required",
            "1234567890123456789012345|overflows a signed 64-bit value",
            "12 34|not a decimal number",
            "0x10|not a decimal number"})
    void badCountsNameFileContentAndReason(String content, String reason) {
        assertThatThrownBy(() -> CgroupValues.parseCount(F, content))
                .isInstanceOf(MalformedKernelFile.class)
                .hasMessageContaining(F.toString())
                .hasMessageContaining(reason)
                .hasMessageContaining("\"" + content + "\"")
                .satisfies(e -> assertThat(((MalformedKernelFile) e).file()).isEqualTo(F));
    }

    @Test
    void v1UnlimitedIsPageRoundedLongMaxForAnyPageSize() {
        assertThat(CgroupValues.parseV1Bytes(F, "9223372036854771712\n")).isEmpty(); // 4 KiB pages
        assertThat(CgroupValues.parseV1Bytes(F, "9223372036854710272\n")).isEmpty(); // 64 KiB pages
        assertThat(CgroupValues.parseV1Bytes(F, "268435456\n")).hasValue(268435456);
        // one 64 KiB page below the 64 KiB form is a real (absurd) limit, not "unlimited"
        assertThat(CgroupValues.parseV1Bytes(F, Long.toString(9223372036854710272L - 65536))).isPresent();
    }

    @Test
    void v2MaxIsUnlimitedAndNumbersAreLimits() {
        assertThat(CgroupValues.parseV2Limit(F, "max\n")).isEmpty();
        assertThat(CgroupValues.parseV2Limit(F, "4096\n")).hasValue(4096);
        assertThatThrownBy(() -> CgroupValues.parseV2Limit(F, "-1")).isInstanceOf(MalformedKernelFile.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-1\n"})
    void v1QuotaMinusOneIsUnlimited(String raw) {
        assertThat(CgroupValues.parseV1Quota(F, raw)).isEmpty();
    }

    @Test
    void v1QuotaOtherNegativesAreMalformed() {
        assertThatThrownBy(() -> CgroupValues.parseV1Quota(F, "-2")).isInstanceOf(MalformedKernelFile.class)
                .hasMessageContaining("negative");
    }

    @Test
    void v2CpuMax() {
        assertThat(CgroupValues.parseV2CpuMax(F, "max 100000\n")).containsExactly(-1, 100000);
        assertThat(CgroupValues.parseV2CpuMax(F, "50000 100000\n")).containsExactly(50000, 100000);
        assertThatThrownBy(() -> CgroupValues.parseV2CpuMax(F, "50000")).isInstanceOf(MalformedKernelFile.class);
        assertThatThrownBy(() -> CgroupValues.parseV2CpuMax(F, "50000 0")).isInstanceOf(MalformedKernelFile.class)
                .hasMessageContaining("period is zero");
        assertThatThrownBy(() -> CgroupValues.parseV2CpuMax(F, "lots 100000"))
                .isInstanceOf(MalformedKernelFile.class);
    }

    @Test
    void flatKeyed() {
        Map<String, Long> m = CgroupValues.parseFlatKeyed(F, "nr_periods 10\nnr_throttled 3\nthrottled_time 99\n");
        assertThat(m).containsEntry("nr_periods", 10L).containsEntry("nr_throttled", 3L)
                .containsEntry("throttled_time", 99L);
        assertThatThrownBy(() -> CgroupValues.parseFlatKeyed(F, "")).isInstanceOf(MalformedKernelFile.class);
        assertThatThrownBy(() -> CgroupValues.parseFlatKeyed(F, "nr_periods ten\n"))
                .isInstanceOf(MalformedKernelFile.class).hasMessageContaining("nr_periods ten");
        assertThatThrownBy(() -> CgroupValues.parseFlatKeyed(F, "justakey\n"))
                .isInstanceOf(MalformedKernelFile.class).hasMessageContaining("justakey");
        assertThatThrownBy(() -> CgroupValues.require(m, "usage_usec", F, "x"))
                .isInstanceOf(MalformedKernelFile.class).hasMessageContaining("usage_usec");
    }

    @Test
    void hierarchyLimitBindsAtTheTightestLevelNearestTheLeafOnTies() {
        Path leaf = Path.of("/cg/a/b");
        LimitSource l = new LimitSource(leaf.resolve("pids.max"), "max", OptionalLong.empty());
        LimitSource p = new LimitSource(Path.of("/cg/a/pids.max"), "50", OptionalLong.of(50));
        LimitSource r = new LimitSource(Path.of("/cg/pids.max"), "50", OptionalLong.of(50));
        HierarchyLimit h = new HierarchyLimit("pids.max", HierarchyLimit.Unit.COUNT, leaf, java.util.List.of(l, p, r));
        assertThat(h.binding()).isEqualTo(p);
        assertThat(h.effective()).hasValue(50);
        assertThat(h.ancestorTighter()).isTrue();

        LimitSource tight = new LimitSource(leaf.resolve("pids.max"), "50", OptionalLong.of(50));
        HierarchyLimit same = new HierarchyLimit("pids.max", HierarchyLimit.Unit.COUNT, leaf,
                java.util.List.of(tight, p));
        assertThat(same.binding()).isEqualTo(tight);
        assertThat(same.ancestorTighter()).isFalse();
    }
}
