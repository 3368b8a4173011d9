package io.edgefusion.cli.output;

import java.util.Locale;
import java.util.OptionalLong;

/** Human formats for bytes and durations. */
public final class Units {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {
    }

    /** {@code 256 MiB}, {@code 1.5 GiB}, {@code 300000000 B (286.1 MiB)} when not a round binary size. */
    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        int i = 0;
        double v = b;
        while (v >= 1024 && i < BINARY.length - 1) {
            v /= 1024;
            i++;
        }
        String human = (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v)) + " " + BINARY[i];
        return v == Math.rint(v) ? human : b + " B (" + human + ")";
    }

    /** {@code 1.5 MiB}: one decimal, binary units (image sizes and progress). */
    public static String size(long b) {
        String[] u = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = 0;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }

    public static String limit(OptionalLong b) {
        return b.isPresent() ? bytes(b.getAsLong()) : "unlimited";
    }

    /** Nanoseconds as seconds with millisecond precision. */
    public static String nanos(long ns) {
        return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
    }
}
