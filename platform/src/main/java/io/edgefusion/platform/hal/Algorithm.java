package io.edgefusion.platform.hal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Block ciphers the crypto HAL knows. Both take 128-bit keys and blocks, so business code swaps them freely. */
public enum Algorithm {
    AES("aes"), SM4("sm4");

    private final String id;

    Algorithm(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Algorithm> of(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Algorithm::id).toList();
    }
}
