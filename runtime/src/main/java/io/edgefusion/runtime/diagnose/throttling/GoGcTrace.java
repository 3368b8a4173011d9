package io.edgefusion.runtime.diagnose.throttling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code GODEBUG=gctrace=1} lines: {@code gc N @Ts X%: a+b+c ms clock, … , P P}. Of the wall-clock terms,
 * a (sweep termination) and c (mark termination) stop the world; b is the concurrent mark between them.
 */
public final class GoGcTrace {
    private static final Pattern LINE = Pattern.compile(
            "gc (\\d+) @(\\d+(?:\\.\\d+)?)s \\d+%: (\\d+(?:\\.\\d+)?)\\+(\\d+(?:\\.\\d+)?)\\+(\\d+(?:\\.\\d+)?) ms clock,"
                    + ".*?(\\d+) P\\b.*");

    private GoGcTrace() {
    }

    /** One cycle, times in ns relative to the Go runtime's start. */
    public record Cycle(long gc, long atNanos, long sweepTermNanos, long markNanos, long markTermNanos, int procs) {
        long endNanos() {
            return atNanos + sweepTermNanos + markNanos + markTermNanos;
        }
    }

    public static Optional<Cycle> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Cycle(Long.parseLong(m.group(1)), seconds(m.group(2)), millis(m.group(3)),
                millis(m.group(4)), millis(m.group(5)), Integer.parseInt(m.group(6))));
    }

    /**
     * The pauses of every cycle on the monotonic clock. A line carries only times since the Go runtime started;
     * it is written as the cycle ends, so each line's logged time minus its cycle's end estimates that start,
     * late by however long the write took. The smallest estimate is the least delayed one.
     */
    public static List<GcPause> pauses(List<Cycle> cycles, List<Long> loggedEpochMillis, ClockMap clock) {
        long anchor = Long.MAX_VALUE;
        for (int i = 0; i < cycles.size(); i++) {
            anchor = Math.min(anchor, loggedEpochMillis.get(i) * 1_000_000L - cycles.get(i).endNanos());
        }
        List<GcPause> out = new ArrayList<>();
        for (Cycle c : cycles) {
            long start = clock.mono(anchor + c.atNanos());
            out.add(new GcPause(c.gc(), "sweep termination", start, c.sweepTermNanos()));
            out.add(new GcPause(c.gc(), "mark termination", start + c.sweepTermNanos() + c.markNanos(),
                    c.markTermNanos()));
        }
        return out;
    }

    static long seconds(String s) {
        return Math.round(Double.parseDouble(s) * 1e9);
    }

    static long millis(String s) {
        return Math.round(Double.parseDouble(s) * 1e6);
    }
}
