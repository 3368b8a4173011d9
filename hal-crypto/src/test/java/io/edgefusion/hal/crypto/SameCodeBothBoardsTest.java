package io.edgefusion.hal.crypto;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.hal.Algorithm;
import io.edgefusion.platform.hal.CipherSpec;
import io.edgefusion.platform.hal.CryptoFailure;
import io.edgefusion.platform.hal.Mode;
import io.edgefusion.platform.log.NodeLog;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.node.Node;
import io.edgefusion.platform.profile.Profile;
import io.edgefusion.platform.profile.ProfileCheck;
import io.edgefusion.platform.profile.ProfileValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HAL's promise: one business class, two boards. Each profile is validated and started as a node (modules
 * found through ServiceLoader); the vault seals on whichever backend the profile chose, and the output is that
 * backend's — checked against the backend directly.
 */
class SameCodeBothBoardsTest {
    @TempDir
    Path state;

    static String profile(String crypto) {
        return """
                platform: board-%s
                arch: x86_64
                stage: pre-release
                hal:
                  crypto: %s
                  modes: [gcm, cbc]
                modules:
                  logging: {enabled: true}
                  audit: {enabled: true}
                  tls: {enabled: true}
                  hal.crypto:
                    enabled: true
                    features: [%s, self_test]
                """.formatted(crypto, crypto, crypto);
    }

    private Node start(String crypto, ByteArrayOutputStream logs) throws Exception {
        CoreContract contract = CoreContract.builtIn();
        ModuleCatalog catalog = ModuleCatalog.discover();
        ProfileCheck check = new ProfileValidator(catalog, contract).validate(crypto + ".yaml", profile(crypto),
                Optional.empty());
        assertThat(check.problems()).isEmpty();
        Profile p = check.orThrow();
        return Node.start(p, catalog, contract, new NodeLog("test", new PrintStream(logs, true, StandardCharsets.UTF_8)),
                state.resolve(crypto));
    }

    @Test
    void theSameVaultRunsOnAnAesBoardAndAnSm4Board() throws Exception {
        byte[] key = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[12];
        byte[] aes;
        byte[] sm4;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        try (Node node = start("aes", logs)) {
            assertThat(node.hal().algorithm()).isEqualTo(Algorithm.AES);
            MeterVault vault = new MeterVault(node.hal(), key);
            aes = vault.seal(7, "1234.5 kWh", nonce);
            assertThat(vault.open(7, aes, nonce)).isEqualTo("1234.5 kWh");
            assertThatThrownBy(() -> vault.open(8, aes, nonce)).isInstanceOf(CryptoFailure.class);
        }
        try (Node node = start("sm4", logs)) {
            assertThat(node.hal().algorithm()).isEqualTo(Algorithm.SM4);
            MeterVault vault = new MeterVault(node.hal(), key);
            sm4 = vault.seal(7, "1234.5 kWh", nonce);
            assertThat(vault.open(7, sm4, nonce)).isEqualTo("1234.5 kWh");
        }
        byte[] aad = ByteBuffer.allocate(8).putLong(7).array();
        byte[] plain = "1234.5 kWh".getBytes(StandardCharsets.UTF_8);
        assertThat(aes).isEqualTo(new JdkAesProvider().encrypt(new CipherSpec(Algorithm.AES, Mode.GCM, key, nonce, aad),
                plain));
        assertThat(sm4).isEqualTo(new BouncyCastleSm4Provider().encrypt(
                new CipherSpec(Algorithm.SM4, Mode.GCM, key, nonce, aad), plain));
        assertThat(aes).isNotEqualTo(sm4);
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("registered jdk-aes (known answer ok)")
                .contains("registered bc-sm4 (known answer ok)");
    }

    @Test
    void theProfilesModeListBindsBusinessCode() throws Exception {
        try (Node node = start("aes", new ByteArrayOutputStream())) {
            assertThatThrownBy(() -> node.hal().crypto().mode(Mode.ECB))
                    .hasMessage("the profile does not allow mode ECB (allowed: CBC, GCM)");
        }
    }
}
