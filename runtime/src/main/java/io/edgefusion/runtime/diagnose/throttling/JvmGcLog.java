package io.edgefusion.runtime.diagnose.throttling;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's unified log as {@code -Xlog:gc,gc+init:stderr:utctime} writes it: {@code [utctime] GC(N) Pause … 12.345ms}
 * (logged as the pause ends, inside the safepoint) and from gc+init {@code CPUs: T total, A available} and
 * {@code Parallel Workers: W}.
 */
public final class JvmGcLog {
    private static final Pattern STAMP = Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\dT[^\\]]+)\\](?:\\[[^\\]]*\\])* ?(.*)$");
    private static final Pattern PAUSE = Pattern.compile("^GC\\((\\d+)\\) (Pause [A-Za-z ]+?)\\b[ (].*?(\\d+(?:\\.\\d+)?)ms$");
    private static final Pattern CPUS = Pattern.compile("^CPUs: (\\d+) total, (\\d+) available");
    private static final Pattern WORKERS = Pattern.compile("^Parallel Workers: (\\d+)");
    private static final DateTimeFormatter UTCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private JvmGcLog() {
    }

    /** What one line says. */
    public sealed interface Entry permits Pause, Cpus, Workers {
    }

    /** A pause that ended at {@code endEpochNanos}. */
    public record Pause(long gc, String label, long endEpochNanos, long durationNanos) implements Entry {
        public GcPause on(ClockMap clock) {
            long end = clock.mono(endEpochNanos);
            return new GcPause(gc, label, end - durationNanos, durationNanos);
        }
    }

    public record Cpus(int total, int available) implements Entry {
    }

    public record Workers(int parallel) implements Entry {
    }

    public static Optional<Entry> parse(String line) {
        Matcher s = STAMP.matcher(line.strip());
        if (!s.matches()) {
            return Optional.empty();
        }
        String msg = s.group(2);
        Matcher m = PAUSE.matcher(msg);
        if (m.matches()) {
            long end;
            try {
                OffsetDateTime t = OffsetDateTime.parse(s.group(1), UTCTIME);
                end = t.toEpochSecond() * 1_000_000_000L + t.getNano();
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
            return Optional.of(new Pause(Long.parseLong(m.group(1)), m.group(2).strip(), end,
                    GoGcTrace.millis(m.group(3))));
        }
        Matcher c = CPUS.matcher(msg);
        if (c.find()) {
            return Optional.of(new Cpus(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2))));
        }
        Matcher w = WORKERS.matcher(msg);
        if (w.find()) {
            return Optional.of(new Workers(Integer.parseInt(w.group(1))));
        }
        return Optional.empty();
    }
}
