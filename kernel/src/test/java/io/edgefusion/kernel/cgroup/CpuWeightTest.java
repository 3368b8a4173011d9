package io.edgefusion.kernel.cgroup;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CpuWeightTest {

    /** The worked values of DESIGN.md §3 (runc ≤ 1.3.1 linear vs runc ≥ 1.3.2 log-quadratic). */
    @ParameterizedTest(name = "shares {0} -> old {1}, new {2}")
    @CsvSource({"512, 20, 59", "1024, 39, 100", "2048, 79, 174"})
    void workedValues(long shares, long linear, long logQuadratic) {
        assertThat(CpuWeight.weightLinear(shares)).isEqualTo(linear);
        assertThat(CpuWeight.weightLogQuadratic(shares)).isEqualTo(logQuadratic);
    }

    @ParameterizedTest(name = "edge shares {0} -> {1}")
    @CsvSource({"0, 0", "1, 1", "2, 1", "262144, 10000", "300000, 10000"})
    void logQuadraticEdges(long shares, long weight) {
        assertThat(CpuWeight.weightLogQuadratic(shares)).isEqualTo(weight);
    }

    @Test
    void linearEdges() {
        assertThat(CpuWeight.weightLinear(2)).isEqualTo(1);
        assertThat(CpuWeight.weightLinear(262144)).isEqualTo(10000);
        assertThat(CpuWeight.weightLinear(0)).isZero();
    }

    @Test
    void inverseMapsDefaultToDefault() {
        assertThat(CpuWeight.sharesForWeight(100)).isEqualTo(1024);
        assertThat(CpuWeight.sharesForWeight(1)).isEqualTo(2);
        assertThat(CpuWeight.sharesForWeight(10000)).isEqualTo(262144);
    }

    @Test
    void inverseIsMonotonicAndRoundTripsThroughTheForwardFormula() {
        long prev = 0;
        for (long w = 1; w <= 10000; w++) {
            long s = CpuWeight.sharesForWeight(w);
            assertThat(s).isGreaterThanOrEqualTo(prev);
            prev = s;
            // ceil in the forward direction loses at most one weight step on the way back
            assertThat(CpuWeight.weightLogQuadratic(s)).isBetween(w - 1, w + 1);
        }
    }

    @Test
    void recordConvertsEachWay() {
        CpuWeight v1 = new CpuWeight(Path.of("cpu.shares"), "512", false, 512);
        assertThat(v1.shares()).isEqualTo(512);
        assertThat(v1.weight()).isEqualTo(59);
        assertThat(v1.weightByLinearFormula()).isEqualTo(20);
        CpuWeight v2 = new CpuWeight(Path.of("cpu.weight"), "100", true, 100);
        assertThat(v2.shares()).isEqualTo(1024);
        assertThat(v2.weight()).isEqualTo(100);
    }
}
