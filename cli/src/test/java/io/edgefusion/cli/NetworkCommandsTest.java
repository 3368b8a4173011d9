package io.edgefusion.cli;

import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code network create|ls|inspect|rm} through the real CLI: files, table, and one-line errors with exit 125. */
class NetworkCommandsTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final String root = "--root=" + ts.root();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private static void refused(CliRun r, String line) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(125);
        assertThat(r.err()).isEqualTo("edgefusion: " + line + "\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void createListInspectRemove() throws Exception {
        CliRun c = CliRun.of("network", "create", root, "eftestplant", "--subnet", "10.89.232.0/24", "--gateway",
                "10.89.232.254");
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).isEqualTo("eftestplant\n");
        var file = ts.root().resolve("networks/eftestplant.conflist");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.readString(file)).contains("\"bridge\" : \"ef-eftestplant\"")
                .contains("\"gateway\" : \"10.89.232.254\"").contains("\"type\" : \"portmap\"");
        CliRun ls = CliRun.of("network", "ls", root);
        assertThat(ls.out()).contains("NAME").contains("eftestplant").contains("10.89.232.0/24")
                .contains("10.89.232.254");
        CliRun in = CliRun.of("network", "inspect", root, "eftestplant");
        assertThat(in.out()).contains("\"schema\" : \"edgefusion.network.inspect/v1\"").contains("\"attachments\" : [ ]");
        refused(CliRun.of("network", "create", root, "eftestplant"), "network eftestplant already exists");
        refused(CliRun.of("network", "create", root, "eftestother", "--subnet", "10.89.232.128/25"),
                "--subnet 10.89.232.128/25: overlaps network eftestplant (10.89.232.0/24)");
        CliRun rm = CliRun.of("network", "rm", root, "eftestplant");
        assertThat(rm.exitCode()).as(rm.err()).isZero();
        assertThat(file).doesNotExist();
        refused(CliRun.of("network", "rm", root, "eftestplant"), "network eftestplant: no such network");
    }

    @Test
    void badNamesAndCidrsAreOneLineAndLeaveNoFile() {
        refused(CliRun.of("network", "create", root, "bad/name"), "network name 'bad/name': use letters, digits,"
                + " '_', '.' and '-', starting with a letter or digit, at most 64 characters");
        refused(CliRun.of("network", "create", root, "n1", "--subnet", "10.89.0.1/24"),
                "--subnet 10.89.0.1/24: host bits are set (the network is 10.89.0.0/24)");
        refused(CliRun.of("network", "create", root, "n1", "--subnet", "banana"),
                "--subnet banana: expected CIDR like 10.89.5.0/24");
        refused(CliRun.of("network", "create", root, "n1", "--subnet", "10.89.240.0/24", "--gateway", "10.1.1.1"),
                "--gateway 10.1.1.1: not a host address of 10.89.240.0/24");
        refused(CliRun.of("network", "inspect", root, "nope"), "network nope: no such network");
        assertThat(ts.root().resolve("networks/n1.conflist")).doesNotExist();
        assertThat(CliRun.of("network", "ls", root, "--json").out()).contains("\"networks\" : [ ]");
    }
}
