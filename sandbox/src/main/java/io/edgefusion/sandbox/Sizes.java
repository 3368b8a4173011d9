package io.edgefusion.sandbox;

import java.util.Locale;

/**
 * docker's size syntax: {@code 512}, {@code 64k}, {@code 128m}, {@code 1g} (binary units); -1 = unlimited. Here,
 * below the CLI, so {@code run --memory} and a deployment file's {@code resources.memory} read sizes one way.
 */
public final class Sizes {
    private Sizes() {
    }

    /** The bytes {@code text} means; the error quotes it after {@code flag}: "--memory 64q: expected a size …". */
    public static long parse(String flag, String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("-1")) {
            return -1;
        }
        long mult = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'b') {
            s = s.substring(0, s.length() - 1);
            last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        }
        switch (last) {
            case 'k' -> mult = 1L << 10;
            case 'm' -> mult = 1L << 20;
            case 'g' -> mult = 1L << 30;
            case 't' -> mult = 1L << 40;
            default -> {
            }
        }
        if (mult > 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new IllegalArgumentException(flag + " " + text + ": must not be negative (-1 means unlimited)");
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(flag + " " + text + ": expected a size like 512, 64k, 128m or 1g");
        }
    }
}
