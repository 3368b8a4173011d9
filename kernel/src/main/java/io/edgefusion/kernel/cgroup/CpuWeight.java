package io.edgefusion.kernel.cgroup;

/**
 * The relative CPU share of a cgroup and its value on the other version's scale.
 * <p>v1 {@code cpu.shares} runs 2..262144 (default 1024); v2 {@code cpu.weight} runs 1..10000 (default 100).
 * Runtimes convert a v1 value for a v2 host; the formula changed in runc 1.3.2 / crun 1.23 so that the default
 * maps to the default (1024 → 100) instead of 39:
 * <ul>
 *   <li>old, linear: {@code weight = 1 + ((shares − 2) × 9999) / 262142} (integer division)</li>
 *   <li>new, log-quadratic: {@code l = log2(shares)}; {@code weight = ceil(10^((l² + 125·l) / 612 − 7/34))};
 *       0 → 0, ≤ 2 → 1, ≥ 262144 → 10000</li>
 * </ul>
 *
 * @param file  where it was read
 * @param raw   the file's content
 * @param v2    true when {@code value} is a v2 weight, false for v1 shares
 * @param value the value as read
 */
public record CpuWeight(java.nio.file.Path file, String raw, boolean v2, long value) {
    public static final long SHARES_MIN = 2;
    public static final long SHARES_MAX = 262144;
    public static final long SHARES_DEFAULT = 1024;
    public static final long WEIGHT_MIN = 1;
    public static final long WEIGHT_MAX = 10000;
    public static final long WEIGHT_DEFAULT = 100;

    /** runc ≤ 1.3.1, crun ≤ 1.22. */
    public static long weightLinear(long shares) {
        if (shares == 0) {
            return 0;
        }
        long s = Math.clamp(shares, SHARES_MIN, SHARES_MAX);
        return 1 + ((s - 2) * 9999) / 262142;
    }

    /** runc ≥ 1.3.2, crun ≥ 1.23. */
    public static long weightLogQuadratic(long shares) {
        if (shares == 0) {
            return 0;
        }
        if (shares <= SHARES_MIN) {
            return WEIGHT_MIN;
        }
        if (shares >= SHARES_MAX) {
            return WEIGHT_MAX;
        }
        double l = log2(shares);
        // (l² + 125l)/612 − 7/34 == (l² + 125l − 126)/612: one division keeps exact inputs exact (1024 → 2.0 → 100).
        double exponent = (l * l + 125 * l - 126) / 612;
        return Math.clamp((long) Math.ceil(Math.pow(10, exponent)), WEIGHT_MIN, WEIGHT_MAX);
    }

    /**
     * Inverse of {@link #weightLogQuadratic}: the shares a v1 host should get for a v2 weight, solving
     * {@code l² + 125·l − 612·(log10(w) + 7/34) = 0} for l and rounding 2^l to the nearest share.
     */
    public static long sharesForWeight(long weight) {
        if (weight <= WEIGHT_MIN) {
            return SHARES_MIN;
        }
        if (weight >= WEIGHT_MAX) {
            return SHARES_MAX;
        }
        double c = 612 * Math.log10(weight) + 126;
        double l = (-125 + Math.sqrt(125.0 * 125 + 4 * c)) / 2;
        return Math.clamp(Math.round(Math.pow(2, l)), SHARES_MIN, SHARES_MAX);
    }

    private static double log2(long v) {
        if (Long.bitCount(v) == 1) {
            return Long.numberOfTrailingZeros(v);
        }
        return Math.log(v) / Math.log(2);
    }

    /** v1 shares (as read, or converted back from a v2 weight). */
    public long shares() {
        return v2 ? sharesForWeight(value) : value;
    }

    /** v2 weight (as read, or the log-quadratic conversion of v1 shares). */
    public long weight() {
        return v2 ? value : weightLogQuadratic(value);
    }

    /** What a runtime using the pre-1.3.2 formula would write for these shares on a v2 host. */
    public long weightByLinearFormula() {
        return weightLinear(shares());
    }
}
