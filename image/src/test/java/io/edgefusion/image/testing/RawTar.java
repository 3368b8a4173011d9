package io.edgefusion.image.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal ustar writer for tests: writes exactly the names, types and sizes it is given — absolute paths,
 * {@code ..}, duplicates, lying sizes — which a well-behaved tar library would refuse or clean up.
 */
public final class RawTar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public RawTar dir(String name, int mode) {
        return entry(name, '5', mode, 0, 0, "", new byte[0], -1);
    }

    public RawTar file(String name, int mode, String content) {
        return file(name, mode, 0, 0, content.getBytes(StandardCharsets.UTF_8));
    }

    public RawTar file(String name, int mode, int uid, int gid, byte[] content) {
        return entry(name, '0', mode, uid, gid, "", content, -1);
    }

    public RawTar symlink(String name, String target) {
        return entry(name, '2', 0777, 0, 0, target, new byte[0], -1);
    }

    public RawTar hardlink(String name, String target) {
        return entry(name, '1', 0644, 0, 0, target, new byte[0], -1);
    }

    public RawTar charDevice(String name, int major, int minor) {
        return entry(name, '3', 0666, 0, 0, "", new byte[0], -1, major, minor);
    }

    public RawTar fifo(String name) {
        return entry(name, '6', 0644, 0, 0, "", new byte[0], -1);
    }

    /** A regular-file header that declares {@code declared} bytes but carries {@code content}. */
    public RawTar lyingFile(String name, long declared, byte[] content) {
        return entry(name, '0', 0644, 0, 0, "", content, declared);
    }

    /** A PAX extended header record set for the next entry. */
    public RawTar pax(String key, String value) {
        String rec = " " + key + "=" + value + "\n";
        int len = rec.length() + 1;
        while (Integer.toString(len).length() + rec.length() != len) {
            len = Integer.toString(len).length() + rec.length();
        }
        byte[] data = (len + rec).getBytes(StandardCharsets.UTF_8);
        return entry("PaxHeader", 'x', 0644, 0, 0, "", data, -1);
    }

    public RawTar entry(String name, char type, int mode, int uid, int gid, String link, byte[] content, long declared) {
        return entry(name, type, mode, uid, gid, link, content, declared, 0, 0);
    }

    private RawTar entry(String name, char type, int mode, int uid, int gid, String link, byte[] content,
                         long declared, int major, int minor) {
        byte[] h = new byte[512];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, declared >= 0 ? declared : content.length);
        octal(h, 136, 12, 1_700_000_000L);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        octal(h, 329, 8, major);
        octal(h, 337, 8, minor);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String cs = String.format("%06o", sum);
        put(h, 148, 6, cs.getBytes(StandardCharsets.US_ASCII));
        h[154] = 0;
        h[155] = ' ';
        out.writeBytes(h);
        out.writeBytes(content);
        int pad = (512 - content.length % 512) % 512;
        out.writeBytes(new byte[pad]);
        return this;
    }

    private static void put(byte[] h, int off, int len, byte[] v) {
        if (v.length > len) {
            throw new IllegalArgumentException("field too long");
        }
        System.arraycopy(v, 0, h, off, v.length);
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = String.format("%0" + (len - 1) + "o", v);
        put(h, off, len, (s + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    /** The archive with its two zero end blocks. */
    public byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    /** The archive cut after {@code n} bytes. */
    public byte[] truncated(int n) {
        byte[] all = bytes();
        return java.util.Arrays.copyOf(all, Math.min(n, all.length));
    }
}
