package io.edgefusion.platform.profile;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.testing.TestCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Production runs only the profile that was signed: one changed byte and it is refused. */
class StageSignatureTest {
    static final String PRODUCTION = """
            platform: rk3588
            arch: aarch64
            stage: production
            hal:
              crypto: sm4
            modules:
              logging: {enabled: true}
              audit: {enabled: true}
              tls: {enabled: true}
              hal.crypto: {enabled: true, features: [sm4, self_test]}
              api: {enabled: false}
            """;

    @TempDir
    Path dir;

    @Test
    void aSignedProductionProfileValidatesAndAnyEditBreaksIt() throws IOException {
        KeyPair keys = ProfileSignature.generate();
        Path file = dir.resolve("rk3588.yaml");
        Files.writeString(file, PRODUCTION);
        Files.writeString(dir.resolve("rk3588.yaml.sig"), ProfileSignature.sign(PRODUCTION.getBytes(), keys.getPrivate()));
        ProfileValidator v = new ProfileValidator(TestCatalog.withHalStandIns(), CoreContract.builtIn(),
                Optional.of(keys.getPublic()));
        assertThat(v.validate(file).problems()).isEmpty();

        Files.writeString(file, PRODUCTION.replace("api: {enabled: false}", "api: {enabled: true}"));
        assertThat(v.validate(file).problems()).extracting(Object::toString).containsExactly(file
                + ":3:8: stage production runs only a signed profile: the signature does not match (the profile"
                + " changed since it was signed, or another key signed it) [stage.production]");

        Files.writeString(file, PRODUCTION);
        ProfileValidator otherKey = new ProfileValidator(TestCatalog.withHalStandIns(), CoreContract.builtIn(),
                Optional.of(ProfileSignature.generate().getPublic()));
        assertThat(otherKey.validate(file).ok()).isFalse();
        ProfileValidator noKey = new ProfileValidator(TestCatalog.withHalStandIns(), CoreContract.builtIn());
        assertThat(noKey.validate(file).problems().getFirst().message()).contains("no trusted key");
    }

    @Test
    void keysRoundTripThroughTheirTextForm() {
        KeyPair keys = ProfileSignature.generate();
        String sig = ProfileSignature.sign(new byte[] {1, 2}, ProfileSignature.privateKey(
                ProfileSignature.encode(keys.getPrivate())));
        assertThat(ProfileSignature.verify(new byte[] {1, 2}, sig, ProfileSignature.publicKey(
                ProfileSignature.encode(keys.getPublic())))).isTrue();
    }
}
