package io.edgefusion.runtime.diagnose.throttling;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the throttled stretches in a series of samples and sets each pause against them.
 *
 * <p>The kernel adds to {@code nr_throttled} and the throttled time when it lifts the throttle, at the period
 * boundary: the counters jump at a stretch's end, not while it lasts. A stretch is therefore rebuilt backwards from
 * the interval where they jumped, over the intervals before it in which the group's CPU use stood (nearly) still,
 * at most one CFS period back (a throttle never outlasts its period). Where usage is unknown the stretch reaches
 * back by the throttled time itself. Its throttled time is spread evenly over its intervals.
 */
public final class Correlator {
    /** An interval counts as "no CPU" below a tenth of one CPU over it. */
    static final double STILL = 0.10;

    private Correlator() {
    }

    public static Correlation correlate(List<CpuSample> samples, List<GcPause> pauses, long periodNanos) {
        if (samples.size() < 2) {
            return new Correlation(0, 0, List.of(), List.of(), 0, 0, 0, 0, 0, -1, -1);
        }
        int n = samples.size() - 1;
        boolean[] marked = new boolean[n];
        long[] attributed = new long[n];
        for (int k = 0; k < n; k++) {
            CpuSample a = samples.get(k);
            CpuSample b = samples.get(k + 1);
            long dt = b.throttledNanos() - a.throttledNanos();
            if (dt <= 0 && b.throttledPeriods() == a.throttledPeriods()) {
                continue;
            }
            int first = k;
            long releasedAt = b.monoNanos();
            for (int j = k - 1; j >= 0; j--) {
                CpuSample s = samples.get(j);
                CpuSample e = samples.get(j + 1);
                if (releasedAt - s.monoNanos() > periodNanos) {
                    break;
                }
                boolean still = s.usageNanos() < 0 || e.usageNanos() < 0
                        ? releasedAt - s.monoNanos() <= Math.max(dt, 0)
                        : e.usageNanos() - s.usageNanos() < STILL * (e.monoNanos() - s.monoNanos());
                if (!still) {
                    break;
                }
                first = j;
            }
            int len = k - first + 1;
            for (int j = first; j <= k; j++) {
                marked[j] = true;
                attributed[j] += Math.max(dt, 0) / len;
            }
        }
        List<Correlation.Interval> intervals = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            intervals.add(new Correlation.Interval(samples.get(k).monoNanos(), samples.get(k + 1).monoNanos(),
                    marked[k], attributed[k]));
        }
        long from = samples.getFirst().monoNanos();
        long to = samples.getLast().monoNanos();
        List<Correlation.PauseOverlap> out = new ArrayList<>();
        long total = 0;
        long inThrottled = 0;
        for (GcPause p : pauses) {
            if (p.startNanos() < from || p.endNanos() > to) {
                continue;
            }
            long in = 0;
            long thr = 0;
            for (int k = firstAtOrAfter(intervals, p.startNanos()); k < n; k++) {
                Correlation.Interval iv = intervals.get(k);
                if (iv.startNanos() >= p.endNanos()) {
                    break;
                }
                if (iv.throttled()) {
                    in += Math.min(iv.endNanos(), p.endNanos()) - Math.max(iv.startNanos(), p.startNanos());
                    thr += iv.throttledNanos();
                }
            }
            out.add(new Correlation.PauseOverlap(p, in, thr));
            total += p.durationNanos();
            inThrottled += in;
        }
        CpuSample a = samples.getFirst();
        CpuSample b = samples.getLast();
        return new Correlation(from, to, intervals, out, total, inThrottled, b.periods() - a.periods(),
                b.throttledPeriods() - a.throttledPeriods(), b.throttledNanos() - a.throttledNanos(),
                a.usageNanos() < 0 || b.usageNanos() < 0 ? -1 : b.usageNanos() - a.usageNanos(),
                a.pressureMicros() < 0 || b.pressureMicros() < 0 ? -1 : b.pressureMicros() - a.pressureMicros());
    }

    /** The first interval ending after {@code t} (binary search: intervals are in time order). */
    private static int firstAtOrAfter(List<Correlation.Interval> iv, long t) {
        int lo = 0;
        int hi = iv.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (iv.get(mid).endNanos() <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
