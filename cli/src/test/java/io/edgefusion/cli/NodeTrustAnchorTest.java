package io.edgefusion.cli;

import io.edgefusion.node.NodeMain;
import io.edgefusion.platform.profile.ProfileSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production trust anchor comes from outside the node. The attack: someone who can write the node's
 * directory replaces its profile with their own, signs it with their own key and drops that key beside it as
 * {@code trusted.pub} — what a launcher that passed {@code --trusted-key $here/trusted.pub} would then trust.
 * The node must refuse to start. Each start is a separate JVM, as an operator starts the node.
 */
class NodeTrustAnchorTest {
    static final String PRODUCTION = """
            platform: rk3588
            arch: x86_64
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
    Path tmp;

    record Run(int exit, String output) {
    }

    private Run node(Path profile, Path key) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NodeMain.class.getName(), "--profile", profile.toString(), "--state", tmp.resolve("state").toString(),
                "--exit-when-ready"));
        if (key != null) {
            cmd.addAll(List.of("--trusted-key", key.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // The node's API and metrics listeners on free loopback ports, not the fixed defaults.
        pb.environment().put("EDGEFUSION_BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("EDGEFUSION_PORT_API", "0");
        pb.environment().put("EDGEFUSION_PORT_METRICS", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static void signed(Path dir, String text, KeyPair keys) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("profile.yaml"), text);
        Files.writeString(dir.resolve("profile.yaml.sig"), ProfileSignature.sign(text.getBytes(StandardCharsets.UTF_8),
                keys.getPrivate()));
    }

    @Test
    void aProfileResignedWithAKeyPlacedInTheNodeDirectoryDoesNotStart() throws Exception {
        KeyPair vendor = ProfileSignature.generate();
        Path etc = Files.createDirectories(tmp.resolve("etc-edgefusion"));
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path anchor = Files.writeString(etc.resolve("trusted.pub"), ProfileSignature.encode(vendor.getPublic()));
        Path node = tmp.resolve("node");
        signed(node, PRODUCTION, vendor);
        Run good = node(node.resolve("profile.yaml"), anchor);
        assertThat(good.exit()).as(good.output()).isZero();
        assertThat(good.output()).contains("msg=\"ready platform=rk3588 stage=production");

        // The attack: a tampered profile, re-signed with the attacker's key, the attacker's key as trusted.pub.
        KeyPair attacker = ProfileSignature.generate();
        signed(node, PRODUCTION.replace("api: {enabled: false}", "api: {enabled: true}"), attacker);
        Path planted = Files.writeString(node.resolve("trusted.pub"), ProfileSignature.encode(attacker.getPublic()));
        Run attack = node(node.resolve("profile.yaml"), planted);
        assertThat(attack.exit()).as(attack.output()).isEqualTo(1);
        assertThat(attack.output()).contains("edgefusion-node: trusted key " + planted + ": lies inside " + node.toRealPath())
                .doesNotContain("ready");

        // Against the real anchor the tampered profile is what it is: not the signed one.
        Run tampered = node(node.resolve("profile.yaml"), anchor);
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.output()).contains("the signature does not match").doesNotContain("ready");
    }

    @Test
    void aKeyOthersCanRewriteIsNoTrustAnchor() throws Exception {
        KeyPair vendor = ProfileSignature.generate();
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path key = Files.writeString(shared.resolve("trusted.pub"), ProfileSignature.encode(vendor.getPublic()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-r--"));
        Path node = tmp.resolve("node");
        signed(node, PRODUCTION, vendor);
        Run r = node(node.resolve("profile.yaml"), key);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("trusted key " + key + ": " + key.toRealPath() + " is writable by its group"
                + " (mode 664)").doesNotContain("ready");
    }
}
