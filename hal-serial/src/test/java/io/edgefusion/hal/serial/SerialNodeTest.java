package io.edgefusion.hal.serial;

import io.edgefusion.hal.serial.SerialFrame.Frame;
import io.edgefusion.hal.serial.sim.DeviceSimulator;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.log.NodeLog;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.node.Node;
import io.edgefusion.platform.profile.ProfileValidator;
import io.edgefusion.platform.verify.ContractVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** hal.serial as a platform module: found by ServiceLoader, configured by a profile, checked by the verifier. */
class SerialNodeTest {
    @TempDir
    Path state;

    @Test
    void aProfileDeviceIsReachableThroughTheHal() throws Exception {
        try (DeviceSimulator sim = DeviceSimulator.start()) {
            String yaml = """
                    platform: test-board
                    arch: x86_64
                    stage: development
                    hal:
                      devices:
                        - {name: plc, kind: serial, path: %s, baud: 115200, timeout_ms: 3000}
                    modules:
                      hal.serial: {enabled: true}
                    """.formatted(sim.linePath());
            ModuleCatalog catalog = ModuleCatalog.discover();
            CoreContract contract = CoreContract.builtIn();
            var check = new ProfileValidator(catalog, contract).validate("board.yaml", yaml, Optional.empty());
            assertThat(check.problems()).isEmpty();
            try (Node node = Node.start(check.orThrow(), catalog, contract,
                    new NodeLog("t", new PrintStream(new ByteArrayOutputStream())), state);
                 var ch = node.hal().device("plc")) {
                assertThat(node.notReady()).isEmpty();
                ch.open();
                ch.write(ByteBuffer.wrap(SerialFrame.encode(new Frame(5, DeviceSimulator.STATUS_REQUEST, 0,
                        new byte[0]))));
                ByteBuffer in = ByteBuffer.allocate(32);
                ch.read(in);
                assertThat(SerialFrame.decode(in.array()).seq()).isEqualTo(5);
            }
        }
    }

    @Test
    void aNodeWhoseSerialDeviceIsAbsentIsNotReadyAndSaysWhy() throws Exception {
        Path absent = state.resolve("ttyS3-not-here");
        Path plainFile = java.nio.file.Files.writeString(state.resolve("not-a-tty"), "");
        String yaml = """
                platform: test-board
                arch: x86_64
                stage: development
                hal:
                  devices:
                    - {name: plc, kind: serial, path: %s, baud: 115200}
                    - {name: meter, kind: serial, path: %s, baud: 9600}
                modules:
                  hal.serial: {enabled: true}
                """.formatted(absent, plainFile);
        ModuleCatalog catalog = ModuleCatalog.discover();
        CoreContract contract = CoreContract.builtIn();
        var check = new ProfileValidator(catalog, contract).validate("board.yaml", yaml, Optional.empty());
        assertThat(check.problems()).isEmpty();
        try (Node node = Node.start(check.orThrow(), catalog, contract,
                new NodeLog("t", new PrintStream(new ByteArrayOutputStream())), state)) {
            assertThat(node.notReady()).containsExactly("hal.serial: device 'plc' at " + absent + " is absent",
                    "hal.serial: device 'meter' at " + plainFile + " is not a character device");
        }
    }

    // The node's refusal to say ready without its serial device (exit 3) is proven where the node lives:
    // node/.../NodeMainTest (edgefusion-node is the node daemon now, above this module).

    @Test
    void theDriverPassesTheBuildTimeVerifier() throws Exception {
        var report = new ContractVerifier(CoreContract.builtIn()).verify(List.of(Path.of("target/classes")),
                Optional.empty());
        assertThat(report.violations()).isEmpty();
        assertThat(report.classesScanned()).isGreaterThan(5);
    }
}
