package io.edgefusion.runtime.diagnose.throttling;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Throttled stretches rebuilt from fixed samples and pauses set against them; the verdict rule. */
class CorrelatorTest {
    private static final long MS = 1_000_000L;
    private static final long PERIOD = 100 * MS;

    /**
     * 10 ms samples over 200 ms of a group at 0.5 CPU: it runs 50 ms (one CPU), then stands still until the
     * period ends, when the kernel adds the 50 ms throttled and one throttled period.
     */
    private static List<CpuSample> halfCpu() {
        List<CpuSample> s = new ArrayList<>();
        long usage = 0;
        long throttled = 0;
        long nrThrottled = 0;
        for (int i = 0; i <= 20; i++) {
            long t = i * 10 * MS;
            s.add(new CpuSample(t, usage, i / 10, nrThrottled, throttled, -1));
            int inPeriod = i % 10;
            if (inPeriod < 5) {
                usage += 10 * MS;
            }
            if (inPeriod == 9) {
                throttled += 50 * MS;
                nrThrottled++;
            }
        }
        return s;
    }

    @Test
    void stretchesReachBackOverTheStillIntervals() {
        Correlation c = Correlator.correlate(halfCpu(), List.of(), PERIOD);
        assertThat(c.intervals()).hasSize(20);
        List<Boolean> marked = c.intervals().stream().map(Correlation.Interval::throttled).toList();
        for (int k = 0; k < 20; k++) {
            assertThat(marked.get(k)).as("interval " + k).isEqualTo(k % 10 >= 5);
        }
        assertThat(c.intervals().get(5).throttledNanos()).isEqualTo(10 * MS);
        assertThat(c.throttledNanos()).isEqualTo(100 * MS);
        assertThat(c.throttledPeriods()).isEqualTo(2);
        assertThat(c.usageNanos()).isEqualTo(100 * MS);
    }

    @Test
    void pausesAreSetAgainstTheStretches() {
        List<GcPause> pauses = List.of(
                new GcPause(1, "a", 10 * MS, 2 * MS),           // while running
                new GcPause(2, "b", 45 * MS, 20 * MS),          // 15 ms inside the first stretch
                new GcPause(3, "c", 160 * MS, 1 * MS),          // inside the second
                new GcPause(4, "d", 250 * MS, 1 * MS));         // after the window: left out
        Correlation c = Correlator.correlate(halfCpu(), pauses, PERIOD);
        assertThat(c.pauses()).hasSize(3);
        assertThat(c.pauses()).extracting(Correlation.PauseOverlap::inThrottledNanos)
                .containsExactly(0L, 15 * MS, 1 * MS);
        assertThat(c.pauses().get(1).throttledNanos()).isEqualTo(20 * MS);
        assertThat(c.overlappingPauses()).isEqualTo(2);
        assertThat(c.pauseNanos()).isEqualTo(23 * MS);
        assertThat(c.pauseThrottledNanos()).isEqualTo(16 * MS);
        assertThat(Verdict.of(c, 8, 2)).isEqualTo(Verdict.OVERSUBSCRIBED);
        assertThat(Verdict.of(c, 2, 2)).isEqualTo(Verdict.AT_QUOTA);
    }

    @Test
    void littleOrShortThrottledPauseTimeIsNotTheCause() {
        // 1 ms of 23 ms throttled: under the share
        Correlation few = Correlator.correlate(halfCpu(), List.of(new GcPause(1, "a", 10 * MS, 22 * MS),
                new GcPause(3, "c", 160 * MS, 1 * MS)), PERIOD);
        assertThat(few.pauseThrottledNanos()).isEqualTo(1 * MS);
        assertThat(Verdict.of(few, 8, 2)).isEqualTo(Verdict.NOT_THE_CAUSE);
        // all of it throttled, but only 1 ms
        Correlation tiny = Correlator.correlate(halfCpu(), List.of(new GcPause(3, "c", 160 * MS, 1 * MS)), PERIOD);
        assertThat(tiny.throttledShare()).isEqualTo(1.0);
        assertThat(Verdict.of(tiny, 8, 2)).isEqualTo(Verdict.NOT_THE_CAUSE);
        assertThat(Correlator.correlate(List.of(), List.of(), PERIOD).pauses()).isEmpty();
    }

    @Test
    void withoutUsageAStretchReachesBackByItsThrottledTime() {
        List<CpuSample> s = halfCpu().stream().map(x -> new CpuSample(x.monoNanos(), -1, x.periods(),
                x.throttledPeriods(), x.throttledNanos(), -1)).toList();
        Correlation c = Correlator.correlate(s, List.of(), PERIOD);
        assertThat(c.intervals().stream().filter(Correlation.Interval::throttled).count()).isEqualTo(10);
        assertThat(c.usageNanos()).isEqualTo(-1);
    }
}
