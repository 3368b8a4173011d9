package io.edgefusion.node.host;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How the bytes of a client's argv, cwd and environment become Strings without losing any: UTF-8 where they
 * are UTF-8, and each byte that is not as the lone surrogate U+DC80+byte (the "surrogateescape" convention), so
 * {@link #encode} gives back exactly what the caller's process had. A file name in Latin-1 survives the trip.
 */
public final class ClientStrings {
    private ClientStrings() {
    }

    public static String decode(byte[] b) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(b.length);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isUnderflow()) {
                d.flush(out);
                return out.flip().toString();
            }
            for (int i = 0; i < r.length(); i++) {
                out.put((char) (0xDC00 | (in.get() & 0xff)));
            }
        }
    }

    /** The inverse of {@link #decode}: UTF-8, with each escaped byte (U+DC80..U+DCFF) written as itself. */
    public static byte[] encode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int run = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : 0;
            boolean escaped = i < s.length() && c >= 0xDC80 && c <= 0xDCFF
                    && !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
            if (escaped || i == s.length()) {
                out.writeBytes(s.substring(run, i).getBytes(StandardCharsets.UTF_8));
                if (escaped) {
                    out.write(c & 0xff);
                }
                run = i + 1;
            }
        }
        return out.toByteArray();
    }
}
