package io.edgefusion.image.oci;

import io.edgefusion.image.ImageException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A content address, {@code sha256:<64 lowercase hex>}; the only algorithm this store accepts. */
public record Digest(String hex) implements Comparable<Digest> {
    private static final HexFormat HEX = HexFormat.of();

    public Digest {
        if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new ImageException("invalid sha256 digest: " + hex);
        }
    }

    /** Parses {@code sha256:<hex>}; other algorithms are refused with a message naming them. */
    public static Digest parse(String s) {
        if (s == null) {
            throw new ImageException("missing digest");
        }
        int colon = s.indexOf(':');
        if (colon < 0 || !s.substring(0, colon).equals("sha256")) {
            throw new ImageException("unsupported digest " + s + " (only sha256 is accepted)");
        }
        return new Digest(s.substring(colon + 1));
    }

    /** A SHA-256 in progress: libcrypto's when the system has it (see {@link NativeSha256}), else the JDK's. */
    public static MessageDigest sha256() {
        Optional<MessageDigest> fast = NativeSha256.create();
        if (fast.isPresent()) {
            return fast.get();
        }
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Digest of(MessageDigest finished) {
        return new Digest(HEX.formatHex(finished.digest()));
    }

    public static Digest of(byte[] content) {
        MessageDigest md = sha256();
        md.update(content);
        return of(md);
    }

    public static Digest of(String utf8) {
        return of(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** The first 12 hex digits, as {@code docker images} shows IDs. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }
}
