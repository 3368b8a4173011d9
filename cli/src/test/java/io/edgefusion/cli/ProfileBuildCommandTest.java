package io.edgefusion.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code edgefusion profile build} for real: jdeps, jlink, the AOT training start and one measured round; then
 * the trimmed node is started the way an operator starts it and must report ready.
 */
class ProfileBuildCommandTest {
    @TempDir
    Path tmp;

    @Test
    void buildsASmallerNodeThatStarts() throws IOException, InterruptedException {
        Path profile = tmp.resolve("gateway.yaml");
        Files.writeString(profile, """
                platform: lean-gateway
                arch: x86_64
                stage: pre-release
                hal: {crypto: sm4}
                services:
                  api: {port: 8080}
                jvm:
                  options: [-Xmx128m, -XX:+UseSerialGC]
                modules:
                  logging: {enabled: true}
                  audit: {enabled: true}
                  tls: {enabled: true}
                  hal.crypto: {enabled: true, features: [sm4, self_test]}
                  api: {enabled: true, features: [health]}
                  diagnose: {enabled: false}
                """);
        Path out = tmp.resolve("node");
        CliRun r = CliRun.of("profile", "build", profile.toString(), "-o", out.toString(), "--runs", "1");
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();

        // Trimmed: no serial driver, BouncyCastle cut to the classes SM4 reaches and unsigned, no flight recorder
        // or management in the runtime.
        try (var lib = Files.list(out.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.startsWith("edgefusion-hal-crypto")).anyMatch(n -> n.startsWith("snakeyaml"))
                    .anyMatch(n -> n.startsWith("bcprov")).noneMatch(n -> n.startsWith("edgefusion-hal-serial"));
        }
        Path bc = out.resolve("lib/bcprov-jdk18on-1.82.jar");
        assertThat(Files.size(bc)).isLessThan(Files.size(Path.of("target/node-lib/bcprov-jdk18on-1.82.jar")) / 3);
        try (var jar = new java.util.jar.JarFile(bc.toFile())) {
            assertThat(jar.stream().map(java.util.jar.JarEntry::getName)).noneMatch(n -> n.endsWith(".SF"))
                    .contains("org/bouncycastle/crypto/engines/SM4Engine.class");
        }
        String modules = Files.readString(out.resolve("runtime/release"));
        assertThat(modules).contains("jdk.httpserver").doesNotContain("jdk.jfr").doesNotContain("java.management");

        Matcher sizes = Pattern.compile("(\\d+\\.\\d) MB -> (\\d+\\.\\d) MB").matcher(r.out());
        assertThat(sizes.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(sizes.group(2))).isLessThan(Double.parseDouble(sizes.group(1)) / 2);

        ProcessBuilder pb = new ProcessBuilder(out.resolve("bin/edgefusion-node").toString(), "--state",
                tmp.resolve("state").toString(), "--exit-when-ready").redirectErrorStream(true);
        pb.environment().put("EDGEFUSION_BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("EDGEFUSION_PORT_API", "0");
        pb.environment().put("EDGEFUSION_PORT_METRICS", "0");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        // The trimmed node is the node daemon: it owns the state root and serves its socket.
        assertThat(log).contains("msg=\"ready platform=lean-gateway stage=pre-release")
                .contains(" socket=" + tmp.resolve("state/node.sock"))
                .contains("registered bc-sm4 (known answer ok)");
        assertThat(Files.readString(tmp.resolve("state/audit.log"))).contains("action=node-start");
        // ... and it runs the guardian: its evidence log opened, with the node's signing key made on first start.
        assertThat(tmp.resolve("state/node/evidence.key")).as(log).isRegularFile();
        assertThat(tmp.resolve("state/node/evidence")).isDirectory();
    }

    @Test
    void aProfileTheStageForbidsIsNotBuilt() throws IOException {
        Path profile = tmp.resolve("bad.yaml");
        Files.writeString(profile, "platform: x\narch: x86_64\nstage: pre-release\n");
        CliRun r = CliRun.of("profile", "build", profile.toString(), "-o", tmp.resolve("n").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err()).startsWith("edgefusion: " + profile + ":1:1: stage pre-release requires module");
        assertThat(tmp.resolve("n")).doesNotExist();
    }
}
