package com.acme.qat;

import io.edgefusion.platform.hal.Algorithm;
import io.edgefusion.platform.hal.CipherSpec;
import io.edgefusion.platform.hal.CryptoProvider;
import io.edgefusion.platform.hal.ImplementsContract;
import io.edgefusion.platform.hal.Mode;

import java.util.Set;

/** Complete, but built for contract 1.4: the registry and the verifier both refuse it. */
@ImplementsContract("1.4")
public class QatCrypto implements CryptoProvider { // expect: CONTRACT_VERSION
    @Override
    public String name() {
        return "qat";
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.AES;
    }

    @Override
    public Set<Mode> modes() {
        return Set.of(Mode.CBC);
    }

    @Override
    public byte[] encrypt(CipherSpec spec, byte[] plaintext) {
        return plaintext;
    }

    @Override
    public byte[] decrypt(CipherSpec spec, byte[] ciphertext) {
        return ciphertext;
    }
}
