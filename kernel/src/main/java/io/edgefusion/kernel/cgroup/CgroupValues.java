package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.MalformedKernelFile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parsers for the value formats of cgroupfs. Every rejection names the file and its content; nothing here guesses.
 */
public final class CgroupValues {
    /**
     * v1 shows "no limit" as PAGE_COUNTER_MAX pages in bytes: LONG_MAX rounded down to the page size
     * (9223372036854771712 with 4 KiB pages, 9223372036854710272 with 64 KiB pages). Any value at or above the
     * 64 KiB form is therefore "unlimited"; a smaller one is a real limit.
     */
    public static final long V1_UNLIMITED_FLOOR = Long.MAX_VALUE & ~((1L << 16) - 1);

    /** v2 "no limit" keyword. */
    public static final String MAX = "max";

    private CgroupValues() {
    }

    /** A non-negative decimal integer that fits in 63 bits. */
    public static long parseCount(Path file, String content) {
        return parseCount(file, content, content);
    }

    /**
     * {@link #parseCount(Path, String)} of one field of a file; a rejection quotes {@code shown} (the whole line or
     * file) so the user sees which key or field was wrong, not only the bad token.
     */
    private static long parseCount(Path file, String value, String shown) {
        String s = value.strip();
        if (s.isEmpty()) {
            throw new MalformedKernelFile(file, shown, "empty");
        }
        if (s.equals(MAX)) {
            throw new MalformedKernelFile(file, shown, "'max' where a number is required");
        }
        if (s.startsWith("-")) {
            throw new MalformedKernelFile(file, shown, "negative");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new MalformedKernelFile(file, shown, "not a decimal number");
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new MalformedKernelFile(file, shown, "overflows a signed 64-bit value");
        }
    }

    /** v2 limit: a count or {@code max} (empty = unlimited). */
    public static OptionalLong parseV2Limit(Path file, String content) {
        return content.strip().equals(MAX) ? OptionalLong.empty() : OptionalLong.of(parseCount(file, content));
    }

    /** v1 byte limit: a count; the page-rounded LONG_MAX means unlimited (empty). */
    public static OptionalLong parseV1Bytes(Path file, String content) {
        long v = parseCount(file, content);
        return v >= V1_UNLIMITED_FLOOR ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** v1 {@code cpu.cfs_quota_us}: {@code -1} means no quota; any other negative is malformed. */
    public static OptionalLong parseV1Quota(Path file, String content) {
        return content.strip().equals("-1") ? OptionalLong.empty() : OptionalLong.of(parseCount(file, content));
    }

    /** Flat keyed file ({@code cpu.stat}, {@code memory.events}, {@code memory.stat}): {@code key value} lines. */
    public static Map<String, Long> parseFlatKeyed(Path file, String content) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : content.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int sp = line.indexOf(' ');
            if (sp <= 0) {
                throw new MalformedKernelFile(file, content, "line '" + line + "' is not 'key value'");
            }
            out.put(line.substring(0, sp), parseCount(file, line.substring(sp + 1), line));
        }
        if (out.isEmpty()) {
            throw new MalformedKernelFile(file, content, "empty");
        }
        return out;
    }

    /** A key that must be present in a flat keyed map. */
    public static long require(Map<String, Long> map, String key, Path file, String content) {
        Long v = map.get(key);
        if (v == null) {
            throw new MalformedKernelFile(file, content, "no '" + key + "' line");
        }
        return v;
    }

    /** v2 {@code cpu.max}: {@code "<quota|max> <period>"}; returns {quota or -1, period}. */
    public static long[] parseV2CpuMax(Path file, String content) {
        String[] f = content.strip().split("\\s+");
        if (f.length != 2) {
            throw new MalformedKernelFile(file, content, "expected '<quota|max> <period>'");
        }
        long period = parseCount(file, f[1], content);
        if (period == 0) {
            throw new MalformedKernelFile(file, content, "period is zero");
        }
        long quota = f[0].equals(MAX) ? -1 : parseCount(file, f[0], content);
        return new long[] {quota, period};
    }
}
