package io.edgefusion.hal.crypto;

import io.edgefusion.platform.hal.CryptoProvider;

/**
 * Creates the SM4 backend only when asked, so a node trimmed to AES (without the BouncyCastle jar) never links
 * against BouncyCastle — CryptoModule itself names no BouncyCastle type.
 */
final class Sm4Loader {
    private Sm4Loader() {
    }

    static CryptoProvider provider() {
        try {
            return new BouncyCastleSm4Provider();
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("feature sm4 needs the BouncyCastle jar (bcprov-jdk18on) beside"
                    + " hal-crypto: " + e.getMessage(), e);
        }
    }
}
