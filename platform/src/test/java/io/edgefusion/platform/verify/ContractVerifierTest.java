package io.edgefusion.platform.verify;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.testing.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each purpose-built workload is compiled, jarred and verified; the verifier must find exactly the violations
 * its sources mark with {@code // expect: KIND}, at those source lines — and nothing in the compliant one.
 */
class ContractVerifierTest {
    private final ContractVerifier verifier = new ContractVerifier(CoreContract.builtIn());

    @TempDir
    Path work;

    static List<String> found(VerifyReport r) {
        return r.violations().stream().map(v -> {
            var c = (Violation.CodeLocation) v.location();
            return c.sourceFile() + ":" + c.line() + " " + v.kind().name();
        }).sorted().toList();
    }

    @Test
    void compliantWorkloadHasNoViolations() throws IOException {
        VerifyReport r = verifier.verify(List.of(Workloads.jar("compliant", work)), Optional.empty());
        assertThat(r.violations()).isEmpty();
        assertThat(r.classesScanned()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing-hal", "version", "layout", "bind", "logging"})
    void eachViolatingWorkloadYieldsExactlyItsMarkedViolations(String name) throws IOException {
        VerifyReport r = verifier.verify(List.of(Workloads.jar(name, work)), Optional.empty());
        assertThat(Workloads.expected(name)).isNotEmpty();
        assertThat(found(r)).isEqualTo(Workloads.expected(name));
    }

    @Test
    void classDirectoriesWorkLikeJars() throws IOException {
        VerifyReport r = verifier.verify(List.of(Workloads.compile("bind", work)), Optional.empty());
        assertThat(found(r)).isEqualTo(Workloads.expected("bind"));
    }

    @Test
    void missingMethodNamesTheMethodAndTheFix() throws IOException {
        Violation v = verifier.verify(List.of(Workloads.jar("missing-hal", work)), Optional.empty()).violations()
                .getFirst();
        assertThat(v.rule()).isEqualTo("hal.interface");
        assertThat(v.detail()).isEqualTo("DeviceChannel.control(int, long) not implemented");
        assertThat(v.location().display()).isEqualTo("com.acme.can.FlexcanDriver (FlexcanDriver.java:11)");
        assertThat(v.fix()).startsWith("implement control(int, long)");
    }

    @Test
    void layoutMismatchSaysHowTheLayoutDiffers() throws IOException {
        Violation v = verifier.verify(List.of(Workloads.jar("layout", work)), Optional.empty()).violations()
                .getFirst();
        assertThat(v.detail()).contains("total size is 44 bytes, the contract pins 32")
                .contains("fields are magic,seq,size,type,status,length,payload,crc")
                .doesNotContain("offset");
    }

    @Test
    void aLayoutWithTheRightOrderReportsOffsetsSizesAndByteOrder() {
        var pin = CoreContract.builtIn().hal().layouts().get("serial_frame");
        var be = java.nio.ByteOrder.BIG_ENDIAN;
        var wide = java.lang.foreign.MemoryLayout.structLayout(
                java.lang.foreign.ValueLayout.JAVA_SHORT.withOrder(be).withName("magic"),
                java.lang.foreign.ValueLayout.JAVA_SHORT.withName("size"),
                java.lang.foreign.ValueLayout.JAVA_INT.withName("seq"),
                java.lang.foreign.ValueLayout.JAVA_BYTE.withName("type"),
                java.lang.foreign.ValueLayout.JAVA_BYTE.withName("status"),
                java.lang.foreign.ValueLayout.JAVA_SHORT.withName("length"),
                java.lang.foreign.MemoryLayout.sequenceLayout(20, java.lang.foreign.ValueLayout.JAVA_BYTE)
                        .withName("payload"),
                java.lang.foreign.ValueLayout.JAVA_INT.withName("crc"));
        assertThat(pin.differences(wide)).containsExactly("total size is 36 bytes, the contract pins 32",
                "field payload is 20 bytes, pinned at 16", "field crc is at offset 32, pinned at 28",
                "field magic is big-endian, the contract pins little-endian");
    }

    @Test
    void bindViolationsNameTheConstants() throws IOException {
        List<String> details = verifier.verify(List.of(Workloads.jar("bind", work)), Optional.empty()).violations()
                .stream().map(Violation::detail).toList();
        assertThat(details).containsExactlyInAnyOrder(
                "ServerSocket(…) binds port 8081 from constants",
                "HttpServer.create binds address 127.0.0.1:8081 from constants",
                "ServerSocketChannel.bind binds address loopback:9001 from constants",
                "HttpServer.create binds address 0.0.0.0:8080 from constants",
                "HttpServer.create binds address 10.0.0.7:(configured) from constants");
    }

    @Test
    void tableHasTheFourColumns() throws IOException {
        VerifyReport r = verifier.verify(List.of(Workloads.jar("bind", work)), Optional.empty());
        StringWriter s = new StringWriter();
        ReportFormat.TABLE.write(r, new PrintWriter(s));
        assertThat(s.toString().lines().findFirst().orElseThrow())
                .matches("VIOLATION +\\| CONTRACT RULE +\\| LOCATION +\\| HOW TO FIX");
        assertThat(s.toString()).contains("com.acme.mqtt.MqttBroker.plain (MqttBroker.java:16)")
                .contains("5 violations");
    }
}
