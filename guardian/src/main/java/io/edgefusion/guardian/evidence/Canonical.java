package io.edgefusion.guardian.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The byte strings that are hashed and signed (docs/evidence.md, "Canonical encoding"). Every field has a fixed
 * width or a length prefix, so no two different records encode alike:
 * <pre>
 * record = str("edgefusion.evidence.record/v1") u64(seq) i64(time_ms) str(kind) str(subject) str(payload)
 *          bytes32(prev_hash)
 * head   = str("edgefusion.evidence.head/v1") u64(seq) bytes32(hash)
 * str(s) = u32(length of UTF-8 s) UTF-8 s        all integers big-endian
 * </pre>
 * A record's hash is SHA-256(record); its signature is Ed25519 over those 32 hash bytes. The head's signature is
 * Ed25519 over the head bytes themselves.
 */
public final class Canonical {
    static final String RECORD_TAG = "edgefusion.evidence.record/v1";
    static final String HEAD_TAG = "edgefusion.evidence.head/v1";

    private Canonical() {
    }

    public static byte[] record(long seq, long timeMs, String kind, String subject, String payload,
                                String prevHashHex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + payload.length());
        str(out, RECORD_TAG);
        out.writeBytes(ByteBuffer.allocate(16).putLong(seq).putLong(timeMs).array());
        str(out, kind);
        str(out, subject);
        str(out, payload);
        out.writeBytes(hash32(prevHashHex));
        return out.toByteArray();
    }

    public static byte[] head(long seq, String hashHex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(80);
        str(out, HEAD_TAG);
        out.writeBytes(ByteBuffer.allocate(8).putLong(seq).array());
        out.writeBytes(hash32(hashHex));
        return out.toByteArray();
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String hash(byte[] bytes) {
        return HexFormat.of().formatHex(EvidencePublicKey.sha256(bytes));
    }

    /** The 32 bytes a hex hash stands for; a malformed one encodes as something no real hash encodes to. */
    static byte[] hash32(String hex) {
        if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> c >= '0' && c <= '9'
                || c >= 'a' && c <= 'f')) {
            return (hex == null ? "" : hex).getBytes(StandardCharsets.UTF_8); // wrong width: never matches
        }
        return HexFormat.of().parseHex(hex);
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }
}
