package io.edgefusion.hal.crypto;

import io.edgefusion.platform.hal.Algorithm;
import io.edgefusion.platform.hal.CipherSpec;
import io.edgefusion.platform.hal.CryptoFailure;
import io.edgefusion.platform.hal.CryptoProvider;
import io.edgefusion.platform.hal.Mode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both backends against their standards' published vectors. */
class KnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();
    private final CryptoProvider sm4 = new BouncyCastleSm4Provider();
    private final CryptoProvider aes = new JdkAesProvider();

    private static byte[] h(String s) {
        return HEX.parseHex(s.replace(" ", "").toLowerCase());
    }

    @Test
    void sm4MatchesGbT32907ExampleOne() {
        // GB/T 32907-2016 appendix A, example 1: key = plaintext = 0123456789abcdeffedcba9876543210
        byte[] key = h("0123456789abcdeffedcba9876543210");
        byte[] out = sm4.encrypt(new CipherSpec(Algorithm.SM4, Mode.ECB, key, null, null), key);
        // One block plus a PKCS#7 padding block; the first is the standard's ciphertext.
        assertThat(HEX.formatHex(Arrays.copyOf(out, 16))).isEqualTo("681edf34d206965e86b3e94f536e4246");
        assertThat(sm4.decrypt(new CipherSpec(Algorithm.SM4, Mode.ECB, key, null, null), out)).isEqualTo(key);
    }

    @Test
    void sm4GcmMatchesRfc8998A1() {
        CipherSpec spec = new CipherSpec(Algorithm.SM4, Mode.GCM, h("0123456789ABCDEFFEDCBA9876543210"),
                h("00001234567800000000ABCD"), h("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2"));
        byte[] plain = h("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB CCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                + "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFF EEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
        byte[] out = sm4.encrypt(spec, plain);
        assertThat(HEX.formatHex(out)).isEqualTo(HEX.formatHex(h(
                "17F399F08C67D5EE19D0DC9969C4BB7D 5FD46FD3756489069157B282BB200735"
                        + "D82710CA5C22F0CCFA7CBF93D496AC15 A56834CBCF98C397B4024A2691233B8D"
                        + "83DE3541E4C2B58177E065A9BF7B62EC")));
        assertThat(sm4.decrypt(spec, out)).isEqualTo(plain);
    }

    @Test
    void sm4GcmRejectsAlteredCiphertext() {
        CipherSpec spec = new CipherSpec(Algorithm.SM4, Mode.GCM, new byte[16], new byte[12], null);
        byte[] out = sm4.encrypt(spec, "reading 42".getBytes());
        out[0] ^= 1;
        assertThatThrownBy(() -> sm4.decrypt(spec, out)).isInstanceOf(CryptoFailure.class).hasMessageContaining("tag");
    }

    @Test
    void aesMatchesFips197AppendixC1() {
        byte[] key = h("000102030405060708090a0b0c0d0e0f");
        byte[] out = aes.encrypt(new CipherSpec(Algorithm.AES, Mode.ECB, key, null, null),
                h("00112233445566778899aabbccddeeff"));
        assertThat(HEX.formatHex(Arrays.copyOf(out, 16))).isEqualTo("69c4e0d86a7b0430d8cdb78070b4c55a");
    }

    @Test
    void aesCbcMatchesSp80038aF21() {
        CipherSpec spec = new CipherSpec(Algorithm.AES, Mode.CBC, h("2b7e151628aed2a6abf7158809cf4f3c"),
                h("000102030405060708090a0b0c0d0e0f"), null);
        byte[] plain = h("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");
        byte[] out = aes.encrypt(spec, plain);
        assertThat(HEX.formatHex(Arrays.copyOf(out, 64))).isEqualTo("7649abac8119b246cee98e9b12e9197d"
                + "5086cb9b507219ee95db113a917678b2" + "73bed6b8e3c1743b7116e69e22229516"
                + "3ff1caa1681fac09120eca307586e1a7");
        assertThat(aes.decrypt(spec, out)).isEqualTo(plain);
    }

    @Test
    void everyModeRoundTripsOnBothBackends() {
        byte[] data = "twenty-three bytes long".getBytes();
        for (CryptoProvider p : new CryptoProvider[] {aes, sm4}) {
            for (Mode m : Mode.values()) {
                CipherSpec spec = new CipherSpec(p.algorithm(), m, new byte[16], new byte[m.ivLength()], null);
                assertThat(p.decrypt(spec, p.encrypt(spec, data))).as(p.name() + " " + m).isEqualTo(data);
            }
        }
    }

    @Test
    void selfTestCatchesAWrongBackend() {
        CryptoModule.selfTest(aes);
        CryptoModule.selfTest(sm4);
        CryptoProvider liar = new CryptoProvider() {
            public String name() {
                return "liar";
            }

            public Algorithm algorithm() {
                return Algorithm.SM4;
            }

            public java.util.Set<Mode> modes() {
                return java.util.Set.of(Mode.ECB);
            }

            public byte[] encrypt(CipherSpec spec, byte[] plaintext) {
                return aes.encrypt(new CipherSpec(Algorithm.AES, spec.mode(), spec.key(), spec.iv(), null), plaintext);
            }

            public byte[] decrypt(CipherSpec spec, byte[] ciphertext) {
                return ciphertext;
            }
        };
        assertThatThrownBy(() -> CryptoModule.selfTest(liar)).hasMessageContaining("fails its known-answer test");
    }
}
