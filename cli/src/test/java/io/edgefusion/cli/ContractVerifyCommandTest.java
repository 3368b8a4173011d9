package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.platform.testing.Workloads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code edgefusion contract verify} on the violating sample: every violating workload's jar together, checked
 * against a pre-release profile that also trims audit — one row per violation, non-zero exit.
 */
class ContractVerifyCommandTest {
    @TempDir
    static Path tmp;
    static List<String> jars = new ArrayList<>();
    static Path profile;
    static Path compliant;

    @BeforeAll
    static void workloads() throws IOException {
        for (String w : List.of("missing-hal", "version", "layout", "bind", "logging")) {
            jars.add(Workloads.jar(w, tmp).toString());
        }
        compliant = Workloads.jar("compliant", tmp);
        profile = tmp.resolve("rk3588-no-audit.yaml");
        Files.writeString(profile, Files.readString(Path.of("../profiles/rk3588-sm4.yaml"))
                .replace("audit: {enabled: true}", "audit: {enabled: false}"));
    }

    private static String[] args(String... head) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(jars);
        return a.toArray(String[]::new);
    }

    @Test
    void theViolatingSampleGetsATableAndExitOne() {
        CliRun r = CliRun.of(args("contract", "verify", "--profile", profile.toString()));
        assertThat(r.exitCode()).isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).matches("VIOLATION +\\| CONTRACT RULE +\\| LOCATION +\\| HOW TO FIX");
        assertThat(r.out())
                .contains("missing HAL method").contains("DeviceChannel.control(int, long) not implemented")
                .contains("com.acme.can.FlexcanDriver (FlexcanDriver.java:11)")
                .contains("provider/contract version mismatch").contains("implements contract 1.4")
                .contains("pinned layout mismatch").contains("com.acme.sensor.StatusReport.FRAME (StatusReport.java:15)")
                .contains("hard-coded bind address/port").contains("com.acme.mqtt.MqttBroker.plain (MqttBroker.java:16)")
                .contains("log bypasses the platform logger").contains("com.acme.legacy.Reporter.report (Reporter.java:10)")
                .contains("trim the stage forbids").contains("stage pre-release requires module 'audit' enabled")
                .contains("rk3588-no-audit.yaml:19:20")
                .contains("5 classes, 13 violations");
        System.out.println(r.out());
    }

    @Test
    void jsonAndJunitCarryTheSameFindings() throws IOException {
        CliRun json = CliRun.of(args("contract", "verify", "--json"));
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("schema").asText()).isEqualTo("edgefusion.contract.verify/v1");
        assertThat(CliRun.of(args("contract", "verify", "--format", "json")).out()).as("the deprecated spelling")
                .isEqualTo(json.out());
        assertThat(root.get("violations")).hasSize(12);
        assertThat(root.get("violations").get(0).get("location").get("line").asInt()).isEqualTo(11);
        CliRun junit = CliRun.of(args("contract", "verify", "--format", "junit"));
        assertThat(junit.exitCode()).isEqualTo(1);
        assertThat(junit.out()).startsWith("<?xml").contains("<testsuite name=\"contract edgefusion-core 2.3\"")
                .contains("<testcase classname=\"com.acme.sensor.StatusReport\" name=\"hal.layout\" time=\"0\">");
    }

    @Test
    void aCompliantWorkloadExitsZero() {
        CliRun r = CliRun.of("contract", "verify", "--profile", "../profiles/rk3588-sm4.yaml", compliant.toString());
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("2 classes, no violations");
    }

    @Test
    void badInputsAreEdgeFusionErrors() {
        CliRun r = CliRun.of("contract", "verify", "--format", "yaml", compliant.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err()).startsWith("edgefusion: --format must be one of table, json, junit, got 'yaml'");
        CliRun missing = CliRun.of("contract", "verify", tmp.resolve("nope.jar").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(missing.err()).contains("nope.jar: no such jar, directory or class file");
    }
}
