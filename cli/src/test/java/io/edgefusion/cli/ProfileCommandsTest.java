package io.edgefusion.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code edgefusion profile validate|sign|keygen}: exit 0/1 and the file:line:col lines. */
class ProfileCommandsTest {
    @TempDir
    Path tmp;

    private Path resource(String name) throws IOException {
        Path out = tmp.resolve(Path.of(name).getFileName().toString());
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, out);
        }
        return out;
    }

    @Test
    void sampleBoardsValidate() {
        CliRun r = CliRun.of("profile", "validate", "../profiles/rk3588-sm4.yaml", "../profiles/x86-gateway-aes.yaml");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("../profiles/rk3588-sm4.yaml: ok (rk3588, aarch64, stage pre-release")
                .contains("../profiles/x86-gateway-aes.yaml: ok (x86-gateway, x86_64, stage development");
    }

    @Test
    void aBadProfilePrintsFileLineColumnAndExitsOne() throws IOException {
        Path bad = resource("/profiles/bad/unknown-module.yaml");
        CliRun r = CliRun.of("profile", "validate", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out().strip()).isEqualTo(bad + ":5:3: unknown module 'hal.crpyto' (did you mean 'hal.crypto'?)");
    }

    @Test
    void aMissingFileIsAnEdgeFusionError() {
        CliRun r = CliRun.of("profile", "validate", tmp.resolve("nope.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err()).startsWith("edgefusion: ").contains("nope.yaml: no such file");
    }

    @Test
    void keygenSignAndValidateAProductionProfile() throws IOException {
        Path prod = tmp.resolve("prod.yaml");
        Files.writeString(prod, """
                platform: rk3588
                arch: aarch64
                stage: production
                hal: {crypto: sm4}
                modules:
                  logging: {enabled: true}
                  audit: {enabled: true}
                  tls: {enabled: true}
                  hal.crypto: {enabled: true, features: [sm4, self_test]}
                """);
        assertThat(CliRun.of("profile", "validate", prod.toString()).exitCode()).isEqualTo(1);
        assertThat(CliRun.of("profile", "keygen", tmp.resolve("keys").toString()).exitCode()).isZero();
        assertThat(CliRun.of("profile", "keygen", tmp.resolve("keys").toString()).exitCode())
                .isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(CliRun.of("profile", "sign", prod.toString(), "--key", tmp.resolve("keys/signing.key").toString())
                .exitCode()).isZero();
        CliRun ok = CliRun.of("profile", "validate", prod.toString(), "--trusted-key",
                tmp.resolve("keys/signing.pub").toString());
        assertThat(ok.exitCode()).as(ok.out()).isZero();
        Files.writeString(prod, Files.readString(prod).replace("tls: {enabled: true}", "tls: {enabled: false}"));
        CliRun changed = CliRun.of("profile", "validate", prod.toString(), "--trusted-key",
                tmp.resolve("keys/signing.pub").toString());
        assertThat(changed.exitCode()).isEqualTo(1);
        assertThat(changed.out()).contains("the signature does not match")
                .contains("stage production requires module 'tls' enabled");
    }
}
