package io.edgefusion.hal.crypto;

import io.edgefusion.platform.hal.Algorithm;
import io.edgefusion.platform.hal.CipherSpec;
import io.edgefusion.platform.hal.CryptoProvider;
import io.edgefusion.platform.hal.Mode;
import io.edgefusion.platform.log.TraceId;
import io.edgefusion.platform.module.ModuleBase;
import io.edgefusion.platform.module.NodeContext;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Platform module {@code hal.crypto}: registers the backends whose features the profile enables (aes, sm4).
 * With feature self_test (the contract keeps it from pre-release on) each backend must reproduce its standard's known answer before
 * it is registered: FIPS-197 C.1 for AES, GB/T 32907-2016 A.1 for SM4.
 */
public final class CryptoModule extends ModuleBase {
    public CryptoModule() {
        super("hal.crypto", "CryptoProvider backends: aes (JDK), sm4 (BouncyCastle)", "aes", "sm4", "self_test");
    }

    /** Known answers: key = plaintext block of the standard's example, expected first ciphertext block. */
    static final Map<Algorithm, String[]> KNOWN_ANSWERS = Map.of(
            Algorithm.AES, new String[] {"000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff",
                    "69c4e0d86a7b0430d8cdb78070b4c55a"},
            Algorithm.SM4, new String[] {"0123456789abcdeffedcba9876543210", "0123456789abcdeffedcba9876543210",
                    "681edf34d206965e86b3e94f536e4246"});

    @Override
    public Map<String, List<String>> featureLibraries() {
        return Map.of("sm4", List.of("bcprov-"));
    }

    @Override
    public AutoCloseable start(NodeContext ctx) {
        boolean selfTest = ctx.feature("self_test");
        if (ctx.feature("aes")) {
            register(ctx, new JdkAesProvider(), selfTest);
        }
        if (ctx.feature("sm4")) {
            register(ctx, Sm4Loader.provider(), selfTest);
        }
        return () -> { };
    }

    private static void register(NodeContext ctx, CryptoProvider p, boolean selfTest) {
        if (selfTest) {
            selfTest(p);
        }
        ctx.hal().register(p);
        ctx.log().info(TraceId.create(), "registered " + p.name() + (selfTest ? " (known answer ok)" : ""));
    }

    /** Throws when the backend does not reproduce its standard's first example block. */
    static void selfTest(CryptoProvider p) {
        String[] kat = KNOWN_ANSWERS.get(p.algorithm());
        HexFormat hex = HexFormat.of();
        byte[] out = p.encrypt(new CipherSpec(p.algorithm(), Mode.ECB, hex.parseHex(kat[0]), null, null),
                hex.parseHex(kat[1]));
        if (!Arrays.equals(Arrays.copyOf(out, 16), hex.parseHex(kat[2]))) {
            throw new IllegalStateException(p.name() + " fails its known-answer test: got "
                    + hex.formatHex(out, 0, 16) + ", expected " + kat[2]);
        }
    }
}
