package io.edgefusion.sandbox.spec;

import java.util.List;
import java.util.Locale;

/**
 * docker's tmpfs options, validated: {@code size}, {@code mode}, {@code uid}, {@code gid}, {@code nr_inodes},
 * {@code noexec|exec}, {@code nosuid|suid}, {@code nodev|dev}, {@code ro|rw}. Defaults as docker's --tmpfs
 * (nosuid, nodev, noexec, mode 1777) plus a size cap docker lacks: {@link #DEFAULT_SIZE}, so a sandbox cannot
 * fill the host's memory through a tmpfs its memory limit does not see until pages are touched.
 *
 * @param sizeBytes tmpfs {@code size=} in bytes
 * @param mode      octal permission bits of the root directory
 * @param uid       owner, or null
 * @param gid       group, or null
 * @param nrInodes  inode cap, or null
 */
public record TmpfsOptions(long sizeBytes, int mode, Long uid, Long gid, Long nrInodes, boolean readOnly,
                           boolean noexec, boolean nosuid, boolean nodev) {
    public static final long DEFAULT_SIZE = 64L << 20;

    /** Parses {@code options}; {@code context} (e.g. {@code --tmpfs /run:size=1x}) starts every error line. */
    public static TmpfsOptions parse(List<String> options, String context) {
        long size = DEFAULT_SIZE;
        int mode = 01777;
        Long uid = null;
        Long gid = null;
        Long inodes = null;
        boolean ro = false;
        boolean noexec = true;
        boolean nosuid = true;
        boolean nodev = true;
        for (String o : options) {
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq);
            String v = eq < 0 ? null : o.substring(eq + 1);
            switch (key) {
                case "size" -> size = bytes(need(v, o, context), context);
                case "mode" -> mode = number(need(v, o, context), 8, 07777, o, context).intValue();
                case "uid" -> uid = number(need(v, o, context), 10, 0xffffffffL - 1, o, context);
                case "gid" -> gid = number(need(v, o, context), 10, 0xffffffffL - 1, o, context);
                case "nr_inodes" -> inodes = number(need(v, o, context), 10, Long.MAX_VALUE, o, context);
                case "noexec", "exec", "nosuid", "suid", "nodev", "dev", "ro", "rw" -> {
                    if (v != null) {
                        throw new IllegalArgumentException(context + ": " + key + " takes no value");
                    }
                    switch (key) {
                        case "noexec" -> noexec = true;
                        case "exec" -> noexec = false;
                        case "nosuid" -> nosuid = true;
                        case "suid" -> nosuid = false;
                        case "nodev" -> nodev = true;
                        case "dev" -> nodev = false;
                        case "ro" -> ro = true;
                        default -> ro = false;
                    }
                }
                default -> throw new IllegalArgumentException(context + ": unknown tmpfs option " + key
                        + " (size, mode, uid, gid, nr_inodes, noexec|exec, nosuid|suid, nodev|dev, ro|rw)");
            }
        }
        return new TmpfsOptions(size, mode, uid, gid, inodes, ro, noexec, nosuid, nodev);
    }

    /** The tmpfs mount data: {@code mode=1777,size=67108864[,uid=…][,gid=…][,nr_inodes=…]}. */
    public String data() {
        StringBuilder b = new StringBuilder("mode=").append(Integer.toOctalString(mode)).append(",size=")
                .append(sizeBytes);
        if (uid != null) {
            b.append(",uid=").append(uid);
        }
        if (gid != null) {
            b.append(",gid=").append(gid);
        }
        if (nrInodes != null) {
            b.append(",nr_inodes=").append(nrInodes);
        }
        return b.toString();
    }

    private static String need(String v, String option, String context) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(context + ": " + option + " needs a value");
        }
        return v;
    }

    private static Long number(String v, int radix, long max, String option, String context) {
        try {
            long n = Long.parseLong(v, radix);
            if (n < 0 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": " + option + " is not a valid "
                    + (radix == 8 ? "octal mode" : "number"));
        }
    }

    /** {@code 1048576}, {@code 1m}, {@code 64k}, {@code 2g} (binary units, as docker's RAMInBytes). */
    static long bytes(String v, String context) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        long unit = 1;
        if (!s.isEmpty() && "kmgt".indexOf(s.charAt(s.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmgt".indexOf(s.charAt(s.length() - 1)) + 1));
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s);
            if (n <= 0 || n > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": size=" + v + " is not a positive size like 64m");
        }
    }
}
