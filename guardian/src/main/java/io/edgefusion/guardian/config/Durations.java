package io.edgefusion.guardian.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax, as docker's {@code --health-interval} and Kubernetes' probes spell time: a number and a
 * unit, repeated ({@code 100ms}, {@code 1s}, {@code 2m}, {@code 1m30s}, {@code 1.5s}); units {@code ms}, {@code s},
 * {@code m}, {@code h}. A bare number is refused: {@code 5} could mean seconds or milliseconds.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
    /** Longer than any interval or backoff a workload needs; keeps the arithmetic far from overflow. */
    static final Duration MAX = Duration.ofDays(1);

    private Durations() {
    }

    /** The duration {@code text} spells; the message says what is wrong, without quoting the text. */
    public static Duration parse(String text) {
        String s = text.strip();
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a duration like 100ms, 1s or 2m");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            long unit = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        if (nanos.compareTo(BigDecimal.valueOf(MAX.toNanos())) > 0) {
            throw new IllegalArgumentException("longer than the maximum " + format(MAX));
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        if (d.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("must be at least 1ms");
        }
        return d;
    }

    /** The shortest spelling {@link #parse} reads back: {@code 100ms}, {@code 10s}, {@code 1m30s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, rest = ms % 1000;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (s > 0) {
            b.append(s).append('s');
        }
        if (rest > 0) {
            b.append(rest).append("ms");
        }
        return b.toString();
    }
}
