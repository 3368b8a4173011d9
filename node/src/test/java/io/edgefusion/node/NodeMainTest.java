package io.edgefusion.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code edgefusion-node} (what profile build's trimmed node runs) is the node daemon and enforces the same rules
 * as validate: a separate JVM, as an operator would start it.
 */
class NodeMainTest {
    @TempDir
    Path tmp;

    record Run(int exit, String output) {
    }

    private Run node(String profileText) throws IOException, InterruptedException {
        Path profile = tmp.resolve("p.yaml");
        Files.writeString(profile, profileText);
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NodeMain.class.getName(), "--profile", profile.toString(), "--state", tmp.resolve("state").toString(),
                "--exit-when-ready")).redirectErrorStream(true);
        pb.environment().put("EDGEFUSION_BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("EDGEFUSION_PORT_API", "0");
        pb.environment().put("EDGEFUSION_PORT_METRICS", "0");
        pb.environment().remove(io.edgefusion.platform.node.Node.READY_WITHOUT_DEVICES);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void aValidProfileStartsItsModulesAndSaysReady() throws Exception {
        Run r = node("""
                platform: bench
                arch: x86_64
                stage: development
                services:
                  api: {port: 8080}
                modules:
                  logging: {enabled: true}
                  audit: {enabled: true}
                  api: {enabled: true}
                """);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("trace_id=[0-9a-f]{16} logger=node msg=\"ready platform=bench"
                + " stage=development modules=logging,audit,api start_ms=\\d+ contract=2.3 root=" + tmp.resolve("state")
                + " socket=" + tmp.resolve("state/node.sock") + " api=127.0.0.1:\\d+ metrics=127.0.0.1:\\d+\"");
        assertThat(Files.readString(tmp.resolve("state/audit.log"))).contains("action=node-start")
                .contains("action=node-stop");
    }

    @Test
    void aProfileItsStageForbidsDoesNotStart() throws Exception {
        Run r = node("""
                platform: bench
                arch: x86_64
                stage: pre-release
                modules:
                  logging: {enabled: true}
                """);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("p.yaml:5:3: stage pre-release requires module 'audit' enabled"
                + " [stage.pre-release]").doesNotContain("ready");
    }

    @Test
    void theNodeDoesNotSayReadyWithoutItsSerialDevice() throws Exception {
        Path absent = tmp.resolve("ttyS3");
        Run r = node("""
                platform: test-board
                arch: x86_64
                stage: development
                hal:
                  devices:
                    - {name: plc, kind: serial, path: %s, baud: 115200}
                modules:
                  logging: {enabled: true}
                  hal.serial: {enabled: true}
                """.formatted(absent));
        assertThat(r.exit()).as(r.output()).isEqualTo(3);
        assertThat(r.output()).contains("msg=\"not ready platform=test-board: hal.serial: device 'plc' at " + absent
                + " is absent\"").doesNotContain("msg=\"ready");
        assertThat(tmp.resolve("state/node.sock")).doesNotExist();
    }
}
