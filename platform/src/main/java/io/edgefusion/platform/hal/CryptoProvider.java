package io.edgefusion.platform.hal;

import java.util.Set;

/**
 * The crypto HAL: one backend per algorithm (AES through the JDK, SM4 through BouncyCastle, a coprocessor
 * later). Business code never sees it directly; it asks {@link Hal#crypto()} for the profile's cipher.
 * A driver implements every method (the contract lists them) and declares the contract version it was built
 * for with {@link ImplementsContract}.
 */
public interface CryptoProvider {
    /** The backend's name, e.g. {@code jdk-aes}. */
    String name();

    Algorithm algorithm();

    Set<Mode> modes();

    /** Encrypts; GCM output is ciphertext followed by the 16-byte tag; CBC/ECB pad with PKCS#7. */
    byte[] encrypt(CipherSpec spec, byte[] plaintext);

    /** Decrypts what {@link #encrypt} produced; a GCM tag mismatch throws {@link CryptoFailure}. */
    byte[] decrypt(CipherSpec spec, byte[] ciphertext);
}
