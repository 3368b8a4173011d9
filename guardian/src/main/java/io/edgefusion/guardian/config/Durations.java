package io.edgefusion.guardian.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax, as the rest of a deployment file spells time ({@code 100ms}, {@code 1s}, {@code 1m30s});
 * a bare number is refused. The same rules as the node's deployment reader, which sits above this module.
 */
final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
    static final Duration MAX = Duration.ofDays(1);

    private Durations() {
    }

    static Duration parse(String text) {
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
            throw new IllegalArgumentException("longer than the maximum 24h");
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        if (d.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("must be at least 1ms");
        }
        return d;
    }
}
