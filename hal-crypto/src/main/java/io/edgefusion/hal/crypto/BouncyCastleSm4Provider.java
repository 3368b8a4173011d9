package io.edgefusion.hal.crypto;

import io.edgefusion.platform.hal.Algorithm;
import io.edgefusion.platform.hal.CipherSpec;
import io.edgefusion.platform.hal.CryptoFailure;
import io.edgefusion.platform.hal.CryptoProvider;
import io.edgefusion.platform.hal.ImplementsContract;
import io.edgefusion.platform.hal.Mode;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * SM4 (GB/T 32907-2016) through BouncyCastle's lightweight API — the JDK has no SM4. The lightweight API needs
 * no JCE provider registration, so a jlink image without the JCE signing machinery still runs it.
 */
@ImplementsContract("2.3")
public final class BouncyCastleSm4Provider implements CryptoProvider {
    @Override
    public String name() {
        return "bc-sm4";
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.SM4;
    }

    @Override
    public Set<Mode> modes() {
        return EnumSet.allOf(Mode.class);
    }

    @Override
    public byte[] encrypt(CipherSpec spec, byte[] plaintext) {
        return run(true, spec, plaintext);
    }

    @Override
    public byte[] decrypt(CipherSpec spec, byte[] ciphertext) {
        return run(false, spec, ciphertext);
    }

    private static byte[] run(boolean encrypt, CipherSpec spec, byte[] input) {
        KeyParameter key = new KeyParameter(spec.key());
        try {
            return switch (spec.mode()) {
                case ECB -> buffered(new PaddedBufferedBlockCipher(new SM4Engine(), new PKCS7Padding()), encrypt,
                        key, input);
                case CBC -> buffered(new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine()),
                        new PKCS7Padding()), encrypt, new ParametersWithIV(key, spec.iv()), input);
                case CTR -> buffered(new BufferedBlockCipher(SICBlockCipher.newInstance(new SM4Engine())), encrypt,
                        new ParametersWithIV(key, spec.iv()), input);
                case GCM -> gcm(encrypt, key, spec, input);
            };
        } catch (InvalidCipherTextException | DataLengthException e) {
            throw new CryptoFailure("SM4/" + spec.mode() + " failed: " + e.getMessage(), e);
        }
    }

    private static byte[] buffered(BufferedBlockCipher c, boolean encrypt, org.bouncycastle.crypto.CipherParameters p,
                                   byte[] input) throws InvalidCipherTextException {
        c.init(encrypt, p);
        byte[] out = new byte[c.getOutputSize(input.length)];
        int n = c.processBytes(input, 0, input.length, out, 0);
        n += c.doFinal(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static byte[] gcm(boolean encrypt, KeyParameter key, CipherSpec spec, byte[] input) {
        GCMModeCipher c = GCMBlockCipher.newInstance(new SM4Engine());
        c.init(encrypt, new AEADParameters(key, 128, spec.iv(), spec.aad()));
        byte[] out = new byte[c.getOutputSize(input.length)];
        int n = c.processBytes(input, 0, input.length, out, 0);
        try {
            n += c.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new CryptoFailure("SM4-GCM tag mismatch: the data or its associated data was altered", e);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
