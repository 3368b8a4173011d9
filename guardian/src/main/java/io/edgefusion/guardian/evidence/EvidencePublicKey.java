package io.edgefusion.guardian.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public half of a node's evidence key: an Ed25519 key in X.509 SubjectPublicKeyInfo form. Its fingerprint
 * ({@code SHA256:} and the unpadded base64 of SHA-256 over the SPKI DER bytes) names it in records and output.
 *
 * @param der the SubjectPublicKeyInfo DER encoding
 */
public record EvidencePublicKey(byte[] der) {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    public EvidencePublicKey {
        der = der.clone();
        publicKey(der, null); // refuse what is not an Ed25519 key here, not at the first verification
    }

    public static EvidencePublicKey of(PublicKey key) {
        return new EvidencePublicKey(key.getEncoded());
    }

    /** Reads a key file: PEM ({@code BEGIN PUBLIC KEY}) or raw DER; a bad file is a one-line error naming it. */
    public static EvidencePublicKey read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EvidenceException(file, "cannot read the public key: " + e.getMessage(), e);
        }
        return parse(bytes, file);
    }

    /** Parses PEM or DER bytes; {@code source} names them in errors. */
    public static EvidencePublicKey parse(byte[] bytes, Path source) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        byte[] der = bytes;
        if (text.contains(BEGIN)) {
            int from = text.indexOf(BEGIN) + BEGIN.length();
            int to = text.indexOf(END, from);
            if (to < 0) {
                throw new EvidenceException(source, "not a public key: '" + BEGIN + "' without '" + END + "'");
            }
            try {
                der = Base64.getMimeDecoder().decode(text.substring(from, to));
            } catch (IllegalArgumentException e) {
                throw new EvidenceException(source, "not a public key: bad base64 (" + e.getMessage() + ")");
            }
        }
        publicKey(der, source);
        return new EvidencePublicKey(der);
    }

    private static PublicKey publicKey(byte[] der, Path source) {
        try {
            PublicKey k = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            return k;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new EvidenceException(source == null ? Path.of("<key>") : source,
                    "not an Ed25519 public key (" + e.getMessage() + ")");
        }
    }

    public PublicKey publicKey() {
        return publicKey(der, null);
    }

    /** {@code SHA256:<base64>}: SHA-256 over the SPKI DER, base64 without padding (ssh's style). */
    public String fingerprint() {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(der));
    }

    public String pem() {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n" + END + "\n";
    }

    /** Whether {@code signatureHex} is this key's Ed25519 signature over {@code message}. */
    public boolean verifies(byte[] message, String signatureHex) {
        byte[] sig;
        try {
            sig = HexFormat.of().parseHex(signatureHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(publicKey());
            v.update(message);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is a bad one
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvidencePublicKey k && Arrays.equals(der, k.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return fingerprint();
    }
}
