package io.edgefusion.node.events;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as {@code --since}/{@code --until} and the API's {@code since=}/{@code until=} take it, docker's
 * forms: RFC 3339 ({@code 2026-12-01T20:33:12Z}, any offset and precision), a duration back from now
 * ({@code 10m}, {@code 1h30m}, {@code 90s}, {@code 500ms}), or Unix seconds with an optional fraction.
 */
public final class TimeArg {
    private static final Pattern DURATION = Pattern.compile("((\\d+)(ms|s|m|h|d))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern UNIX = Pattern.compile("\\d+(\\.\\d{1,9})?");

    private TimeArg() {
    }

    public static Instant parse(String text, Instant now) {
        String s = text.strip();
        if (DURATION.matcher(s).matches()) {
            Duration d = Duration.ZERO;
            Matcher m = PART.matcher(s);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            return now.minus(d);
        }
        if (UNIX.matcher(s).matches()) {
            String[] parts = s.split("\\.");
            long nanos = parts.length > 1 ? Long.parseLong((parts[1] + "000000000").substring(0, 9)) : 0;
            return Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + text + "': expected RFC 3339 (2026-12-01T20:33:12Z),"
                    + " a duration back from now (10m, 1h30m, 90s) or Unix seconds");
        }
    }
}
