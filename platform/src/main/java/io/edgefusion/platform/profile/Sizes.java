package io.edgefusion.platform.profile;

/** Memory sizes as profiles write them: {@code 268435456}, {@code 256m}, {@code 1g}, {@code 512k}. */
public final class Sizes {
    private Sizes() {
    }

    public static long parse(String text) {
        String s = text.trim().toLowerCase();
        long mult = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        switch (last) {
            case 'k' -> mult = 1L << 10;
            case 'm' -> mult = 1L << 20;
            case 'g' -> mult = 1L << 30;
            default -> {
            }
        }
        String digits = mult == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long v = Long.parseLong(digits);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("must be a size like 256m or 1g, got '" + text + "'");
        }
    }
}
