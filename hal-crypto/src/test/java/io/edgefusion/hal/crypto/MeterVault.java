package io.edgefusion.hal.crypto;

import io.edgefusion.platform.hal.Hal;
import io.edgefusion.platform.hal.Mode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Business code: seals meter readings for upload. It names a mode and a key and nothing about the backend —
 * the test runs this class, unchanged, on an AES board and on an SM4 board.
 */
final class MeterVault {
    private final Hal hal;
    private final byte[] key;

    MeterVault(Hal hal, byte[] key) {
        this.hal = hal;
        this.key = key.clone();
    }

    byte[] seal(long meterId, String reading, byte[] nonce) {
        byte[] aad = ByteBuffer.allocate(8).putLong(meterId).array();
        return hal.crypto().mode(Mode.GCM).key(key).iv(nonce).aad(aad)
                .encrypt(reading.getBytes(StandardCharsets.UTF_8));
    }

    String open(long meterId, byte[] sealed, byte[] nonce) {
        byte[] aad = ByteBuffer.allocate(8).putLong(meterId).array();
        return new String(hal.crypto().mode(Mode.GCM).key(key).iv(nonce).aad(aad).decrypt(sealed),
                StandardCharsets.UTF_8);
    }
}
