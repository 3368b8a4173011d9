package io.edgefusion.kernel.cgroup;

import java.util.Locale;

/**
 * One device-cgroup rule: which device nodes a cgroup's tasks may open or create. The same value is written to
 * v1's {@code devices.allow} (as {@code "c 1:3 rwm"}) and compiled into the v2 device program.
 *
 * @param type   {@code 'c'} character, {@code 'b'} block, {@code 'a'} both
 * @param major  the major number, or {@link #ANY}
 * @param minor  the minor number, or {@link #ANY}
 * @param access a non-empty subset of {@code rwm} (read, write, mknod)
 */
public record DeviceRule(char type, long major, long minor, String access) {
    public static final long ANY = -1;

    public DeviceRule {
        if (type != 'c' && type != 'b' && type != 'a') {
            throw new IllegalArgumentException("device type " + type + ": expected c, b or a");
        }
        if (access.isEmpty() || !access.chars().allMatch(ch -> "rwm".indexOf(ch) >= 0)) {
            throw new IllegalArgumentException("device access " + access + ": expected a subset of rwm");
        }
        if (major < ANY || minor < ANY || major > 0xffffffffL || minor > 0xffffffffL) {
            throw new IllegalArgumentException("device number " + major + ":" + minor + " out of range");
        }
        // Canonical order so equal rules compare equal and v1's devices.list reads back the same text.
        StringBuilder b = new StringBuilder();
        for (char ch : "rwm".toCharArray()) {
            if (access.indexOf(ch) >= 0) {
                b.append(ch);
            }
        }
        access = b.toString();
    }

    /** A rule for one character device. */
    public static DeviceRule chr(long major, long minor, String access) {
        return new DeviceRule('c', major, minor, access);
    }

    /** A rule for one block device. */
    public static DeviceRule block(long major, long minor, String access) {
        return new DeviceRule('b', major, minor, access);
    }

    public boolean allows(char what) {
        return access.indexOf(what) >= 0;
    }

    /** v1's rule syntax: {@code c 1:3 rwm}, {@code b *:* m}, {@code a}. */
    public String v1() {
        if (type == 'a' && major == ANY && minor == ANY && access.equals("rwm")) {
            return "a";
        }
        return type + " " + num(major) + ":" + num(minor) + " " + access;
    }

    private static String num(long n) {
        return n == ANY ? "*" : Long.toString(n);
    }

    @Override
    public String toString() {
        return v1().toLowerCase(Locale.ROOT);
    }
}
