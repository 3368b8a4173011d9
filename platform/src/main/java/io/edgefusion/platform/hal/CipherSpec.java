package io.edgefusion.platform.hal;

import java.util.Arrays;
import java.util.Objects;

/**
 * What to encrypt with: algorithm, mode, key, IV (nonce for GCM) and additional authenticated data (GCM only).
 * Arrays are copied in and out so a caller's later writes cannot change a spec in flight.
 */
public record CipherSpec(Algorithm algorithm, Mode mode, byte[] key, byte[] iv, byte[] aad) {
    public CipherSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(key, "key");
        if (key.length != 16) {
            throw new IllegalArgumentException(algorithm.id() + " key must be 16 bytes, got " + key.length);
        }
        iv = iv == null ? new byte[0] : iv.clone();
        if (iv.length != mode.ivLength()) {
            throw new IllegalArgumentException(mode + " needs a " + mode.ivLength() + "-byte IV, got " + iv.length);
        }
        key = key.clone();
        aad = aad == null ? new byte[0] : aad.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] iv() {
        return iv.clone();
    }

    @Override
    public byte[] aad() {
        return aad.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CipherSpec c && algorithm == c.algorithm && mode == c.mode && Arrays.equals(key, c.key)
                && Arrays.equals(iv, c.iv) && Arrays.equals(aad, c.aad);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, mode, Arrays.hashCode(iv), Arrays.hashCode(aad));
    }

    @Override
    public String toString() {
        return "CipherSpec[" + algorithm + "/" + mode + ", key hidden]";
    }
}
