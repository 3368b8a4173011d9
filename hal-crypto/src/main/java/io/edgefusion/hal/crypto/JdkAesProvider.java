package io.edgefusion.hal.crypto;

import io.edgefusion.platform.hal.Algorithm;
import io.edgefusion.platform.hal.CipherSpec;
import io.edgefusion.platform.hal.CryptoFailure;
import io.edgefusion.platform.hal.CryptoProvider;
import io.edgefusion.platform.hal.ImplementsContract;
import io.edgefusion.platform.hal.Mode;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.Set;

/** AES-128 through the JDK's own provider (AES-NI where the CPU has it). */
@ImplementsContract("2.3")
public final class JdkAesProvider implements CryptoProvider {
    @Override
    public String name() {
        return "jdk-aes";
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.AES;
    }

    @Override
    public Set<Mode> modes() {
        return EnumSet.allOf(Mode.class);
    }

    @Override
    public byte[] encrypt(CipherSpec spec, byte[] plaintext) {
        return run(Cipher.ENCRYPT_MODE, spec, plaintext);
    }

    @Override
    public byte[] decrypt(CipherSpec spec, byte[] ciphertext) {
        return run(Cipher.DECRYPT_MODE, spec, ciphertext);
    }

    private static byte[] run(int direction, CipherSpec spec, byte[] input) {
        try {
            SecretKeySpec key = new SecretKeySpec(spec.key(), "AES");
            Cipher c = switch (spec.mode()) {
                case ECB -> {
                    Cipher x = Cipher.getInstance("AES/ECB/PKCS5Padding");
                    x.init(direction, key);
                    yield x;
                }
                case CBC -> {
                    Cipher x = Cipher.getInstance("AES/CBC/PKCS5Padding");
                    x.init(direction, key, new IvParameterSpec(spec.iv()));
                    yield x;
                }
                case CTR -> {
                    Cipher x = Cipher.getInstance("AES/CTR/NoPadding");
                    x.init(direction, key, new IvParameterSpec(spec.iv()));
                    yield x;
                }
                case GCM -> {
                    Cipher x = Cipher.getInstance("AES/GCM/NoPadding");
                    x.init(direction, key, new GCMParameterSpec(128, spec.iv()));
                    x.updateAAD(spec.aad());
                    yield x;
                }
            };
            return c.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new CryptoFailure("AES-GCM tag mismatch: the data or its associated data was altered", e);
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("AES/" + spec.mode() + " failed: " + e.getMessage(), e);
        }
    }
}
