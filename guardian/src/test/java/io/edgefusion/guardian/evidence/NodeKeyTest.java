package io.edgefusion.guardian.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeKeyTest {
    private static final Set<PosixFilePermission> WIDER_THAN_0600 = PosixFilePermissions.fromString("---rwxrwx");

    @TempDir
    Path root;

    @Test
    void generatedOnFirstUseThenLoaded() throws Exception {
        Path node = root.resolve("node");
        NodeKey first = NodeKey.loadOrCreate(node);
        assertThat(Files.getPosixFilePermissions(node.resolve(NodeKey.KEY_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(node.resolve(NodeKey.PUBLIC_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.readString(node.resolve(NodeKey.KEY_FILE))).startsWith("-----BEGIN PRIVATE KEY-----");
        String pem = Files.readString(node.resolve(NodeKey.PUBLIC_FILE));
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(first.publicKey().pem());

        NodeKey again = NodeKey.loadOrCreate(node);
        assertThat(again.publicKey()).isEqualTo(first.publicKey());
        byte[] msg = "evidence".getBytes(StandardCharsets.UTF_8);
        assertThat(first.publicKey().verifies(msg, again.sign(msg))).isTrue();
        assertThat(EvidencePublicKey.parse(pem.getBytes(StandardCharsets.US_ASCII), Path.of("x")).fingerprint())
                .isEqualTo(first.publicKey().fingerprint()).startsWith("SHA256:").hasSize(7 + 43);
    }

    /**
     * The private key is never visible with a mode wider than 0600, not even for a moment: a watcher lists the
     * directory over and over while keys are created, and every private-key file it ever sees is 0600 (the
     * umask cannot widen a mode, only narrow it).
     */
    @Test
    void privateKeyNeverExistsWithAWiderMode() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> wide = new ConcurrentLinkedQueue<>();
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            dirs.add(Files.createDirectories(root.resolve("n" + i)));
        }
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                for (Path d : dirs) {
                    try (Stream<Path> s = Files.list(d)) {
                        for (Path p : s.toList()) {
                            if (p.getFileName().toString().contains("pub")) { // the public half: 0644 by design
                                continue;
                            }
                            Set<PosixFilePermission> m = Files.getPosixFilePermissions(p);
                            if (m.stream().anyMatch(WIDER_THAN_0600::contains)) {
                                wide.add(p + " " + PosixFilePermissions.toString(m));
                            }
                        }
                    } catch (java.io.IOException e) {
                        // a temp file renamed away between list and stat
                    }
                }
            }
        });
        for (Path d : dirs) {
            NodeKey.loadOrCreate(d);
        }
        done.set(true);
        watcher.join();
        assertThat(wide).isEmpty();
    }

    @Test
    void concurrentFirstUseMakesOneKey() throws Exception {
        Path node = root.resolve("node");
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<String> fingerprints = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> fingerprints.add(NodeKey.loadOrCreate(node).publicKey()
                    .fingerprint())));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(fingerprints).hasSize(8).containsOnly(NodeKey.load(node).publicKey().fingerprint());
        try (Stream<Path> s = Files.list(node)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                    NodeKey.KEY_FILE, NodeKey.PUBLIC_FILE, NodeKey.LOCK_FILE);
        }
    }

    @Test
    void corruptKeyIsOneLineNamingTheFile() throws Exception {
        Path node = root.resolve("node");
        NodeKey.loadOrCreate(node);
        Path key = node.resolve(NodeKey.KEY_FILE);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> NodeKey.loadOrCreate(node)).isInstanceOf(EvidenceException.class)
                .hasMessageStartingWith(key + ": not an Ed25519 PKCS#8 private key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Files.writeString(key, "garbage");
        assertThatThrownBy(() -> NodeKey.load(node)).hasMessageStartingWith(key + ": not an Ed25519 PKCS#8");
    }

    @Test
    void keyReadableByOthersIsRefused() throws Exception {
        Path node = root.resolve("node");
        NodeKey.loadOrCreate(node);
        Path key = node.resolve(NodeKey.KEY_FILE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> NodeKey.load(node)).isInstanceOf(EvidenceException.class)
                .hasMessage(key + ": mode 0644 lets others read the private key; want 0600 (chmod 600 " + key + ")");
    }

    @Test
    void aPublicKeyOfAnotherPairIsRefused() throws Exception {
        Path node = root.resolve("node");
        NodeKey.loadOrCreate(node);
        NodeKey other = NodeKey.loadOrCreate(root.resolve("other"));
        Files.writeString(node.resolve(NodeKey.PUBLIC_FILE), other.publicKey().pem());
        assertThatThrownBy(() -> NodeKey.load(node)).hasMessage(node.resolve(NodeKey.PUBLIC_FILE)
                + ": does not match evidence.key (a different key)");
        Files.delete(node.resolve(NodeKey.PUBLIC_FILE));
        assertThatThrownBy(() -> NodeKey.load(node)).hasMessageStartingWith(node.resolve(NodeKey.PUBLIC_FILE)
                + ": missing");
        assertThatThrownBy(() -> EvidencePublicKey.parse("hello".getBytes(), Path.of("k.pem")))
                .hasMessageStartingWith("k.pem: not an Ed25519 public key");
    }

    @Test
    void aCrashedCreationLeavesNothingThatCounts() throws Exception {
        Path node = Files.createDirectories(root.resolve("node"));
        Path leftover = node.resolve(".evidence-key-crashed");
        Files.writeString(leftover, "half a key");
        NodeKey.loadOrCreate(node);
        assertThat(leftover).doesNotExist();
    }
}
