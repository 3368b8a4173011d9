package io.edgefusion.platform.log;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A 16-hex-digit trace id (64 random bits), as W3C trace-context's parent-id field is written. */
public record TraceId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public TraceId {
        if (!value.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("trace_id must be 16 lowercase hex digits, got '" + value + "'");
        }
    }

    public static TraceId create() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return new TraceId(HexFormat.of().formatHex(b));
    }

    @Override
    public String toString() {
        return value;
    }
}
