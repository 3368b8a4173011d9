package io.edgefusion.cli;

import io.edgefusion.kernel.testing.KernelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's socket refuses another uid, through the real node and the real client run as uid 1000: with the
 * socket's own mode 0600 the kernel refuses the connect (EACCES) and the client runs the JVM CLI instead, which
 * cannot use the root; with the socket opened to all (0666, by the test) the node refuses the peer itself
 * (SO_PEERCRED). Either way nothing runs in the node: no sandbox, no event, no deployment.
 */
@KernelTest
class NodeSocketPeerKernelTest {
    private static final List<String> AS_1000 = List.of("setpriv", "--reuid", "1000", "--regid", "1000",
            "--clear-groups");
    private final NodeWorld w = new NodeWorld();
    private Path launcher1000;

    @AfterEach
    void tearDown() throws Exception {
        w.close();
    }

    /** The JVM CLI as uid 1000 can run: a launcher whose classpath holds no file only root may read. */
    @BeforeEach
    void readableLauncher() throws IOException {
        Path cp = Files.createDirectory(w.files.resolve("cp"));
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (p.startsWith("/root") && Files.isRegularFile(p)) {
                Path copy = cp.resolve(entries.size() + "-" + p.getFileName());
                Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                entries.add(copy.toString());
            } else {
                entries.add(e);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        launcher1000 = Files.writeString(w.files.resolve("ef-1000"), "#!/bin/sh\nexec '" + java
                + "' --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + String.join(File.pathSeparator, entries) + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher1000, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private ThinClient.Result as1000(String... args) {
        return w.cli.run(launcher1000, AS_1000, args);
    }

    @Test
    void anotherUidCannotUseTheNodeNeitherPastTheSocketModeNorPastPeerCredentials() throws Exception {
        w.node();
        Path sock = w.root().resolve("node.sock");
        assertThat(Files.getAttribute(sock, "unix:mode")).isEqualTo(0140600);
        assertThat(Files.getAttribute(sock, "unix:uid")).isEqualTo(0);
        w.file("shop.yaml", NodeWorld.shop("1", 8080));
        ThinClient.Result mine = w.cli.viaNode("run", "-d", "--name", "mine", "builtin:busybox", "--", "sleep", "1000");
        assertThat(mine.code()).as(mine.toString()).isZero();
        assertThat(w.cli.viaNode("ps").out()).contains(" mine ");
        long events = w.lastEventId();

        // 0600: connect fails with EACCES, the client falls back to the JVM CLI, which runs as uid 1000.
        ThinClient.Result ps = as1000("ps");
        ThinClient.Result run = as1000("run", "-d", "--name", "intruder", "builtin:busybox", "--", "sleep", "100");
        ThinClient.Result deploy = as1000("deploy", "-f", "shop.yaml");
        ThinClient.Result list0 = as1000("deployments");
        assertNothingRanInTheNode(events, ps, run, deploy, list0);
        // The JVM CLI as uid 1000 cannot read the root's sandboxes, nor reach the node.
        assertThat(ps.err()).isEqualTo("edgefusion: " + w.root() + "/sandboxes: permission denied\n");
        assertThat(deploy.err()).isEqualTo("edgefusion: " + sock + ": permission denied (the node serves root and"
                + " the owner of " + w.root() + " only)\n");

        // 0666: the kernel lets uid 1000 connect; the node checks SO_PEERCRED and refuses it.
        Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw-rw-"));
        ThinClient.Result ps2 = as1000("ps");
        ThinClient.Result run2 = as1000("run", "-d", "--name", "intruder", "builtin:busybox", "--", "sleep", "100");
        ThinClient.Result deploy2 = as1000("deploy", "-f", "shop.yaml");
        assertNothingRanInTheNode(events, ps2, run2, deploy2);
        assertThat(deploy2.err()).isEqualTo("edgefusion: the node at " + w.root() + " serves root and uid 0 only,"
                + " not uid 1000\n");
        // The JVM CLI's own way to the node (HTTP on the socket) gets the node's refusal, naming the uid.
        ThinClient.Result list = as1000("deployments");
        assertThat(list.code()).as(list.toString()).isEqualTo(125);
        assertThat(list.err()).as(list.toString()).isEqualTo(deploy2.err());
        // The client with nothing to fall back to shows it was refused, not served.
        ThinClient.Result bare = w.cli.run(Path.of("/nonexistent/launcher"), AS_1000, "ps");
        assertThat(bare.code()).as(bare.toString()).isEqualTo(127);
        assertThat(bare.err()).isEqualTo("edgefusion: exec /nonexistent/launcher: No such file or directory\n");

        // root (the owner) is still served.
        assertThat(w.cli.viaNode("ps").out()).contains(" mine ");
        assertThat(w.cli.viaNode("rm", "-f", "mine").code()).isZero();
        assertThat(w.ts.sandboxes().list()).isEmpty();
        w.assertNoLeaks();
    }

    /** {@code ps} (the first) did not list the node's sandbox; the others failed; the node saw nothing. */
    private void assertNothingRanInTheNode(long events, ThinClient.Result ps, ThinClient.Result... results)
            throws IOException {
        assertThat(ps.out()).as(ps.toString()).doesNotContain("mine");
        for (ThinClient.Result r : results) {
            assertThat(r.code()).as(r.toString()).isNotZero();
            assertThat(r.err()).as(r.toString()).startsWith("edgefusion: ").endsWith("\n");
        }
        assertThat(w.ts.sandboxes().list()).extracting(io.edgefusion.sandbox.state.SandboxState::name)
                .containsExactly("mine");
        assertThat(w.lastEventId()).isEqualTo(events);
        assertThat(w.json("deployments", "-a").path("deployments")).isEmpty();
        w.assertNoLeaks();
    }
}
