package io.edgefusion.sandbox.launch;

import java.nio.charset.StandardCharsets;

/**
 * Builds the helper's spec (native/PROTOCOL.md): one {@code key field…} line per directive, each field
 * percent-encoded so spaces, newlines and non-ASCII bytes survive; {@code -} stands for "none".
 */
public final class ProtocolWriter {
    private final StringBuilder sb = new StringBuilder("version 1\n");

    public ProtocolWriter line(String key, Object... fields) {
        sb.append(key);
        for (Object f : fields) {
            sb.append(' ').append(encode(f == null ? null : f.toString()));
        }
        sb.append('\n');
        return this;
    }

    static String encode(String s) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        if (s.equals("-")) {
            return "%2D";
        }
        if (plain(s)) {
            return s; // most fields, and the kilobytes of a seccomp program's hex, need no escaping
        }
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= ' ' || c > '~' || c == '%') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c > '~' || c == '%') {
                return false;
            }
        }
        return true;
    }

    static String decode(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    public String finish() {
        return sb + "end\n";
    }
}
