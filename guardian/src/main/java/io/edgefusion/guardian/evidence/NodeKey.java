package io.edgefusion.guardian.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

/**
 * The node's Ed25519 evidence key, generated on first use into the node directory ({@code ROOT/node}) and loaded
 * afterwards:
 * <ul>
 *   <li>{@code evidence.key}: the private key, PKCS#8 in PEM, mode 0600. It is written into a file created with
 *       mode 0600 and linked into place, so it never exists with a wider mode, never half-written, and an
 *       existing key is never replaced. A key file readable by group or others is refused, as ssh does.</li>
 *   <li>{@code evidence.pub}: the public key, X.509 SubjectPublicKeyInfo in PEM, mode 0644 — what verifiers
 *       need. It is written before the private key, so a private key on disk always has its public half.</li>
 * </ul>
 * Creation holds {@code evidence.key.lock} (flock) so two processes starting on one fresh root make one key.
 */
public final class NodeKey {
    public static final String KEY_FILE = "evidence.key";
    public static final String PUBLIC_FILE = "evidence.pub";
    static final String LOCK_FILE = "evidence.key.lock";
    private static final String TMP_PREFIX = ".evidence-key-";
    private static final String PUB_TMP_PREFIX = ".evidence-pub-";
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private final PrivateKey privateKey;
    private final EvidencePublicKey publicKey;
    private final Path keyFile;

    private NodeKey(PrivateKey privateKey, EvidencePublicKey publicKey, Path keyFile) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyFile = keyFile;
    }

    /** The key in {@code nodeDir}: loaded when it exists, generated (and written) when it does not. */
    public static NodeKey loadOrCreate(Path nodeDir) {
        synchronized (NodeKey.class) { // flock is per process; threads of one JVM queue here first
            try {
                Files.createDirectories(nodeDir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                Path lockFile = nodeDir.resolve(LOCK_FILE);
                try (FileChannel ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PRIVATE));
                     FileLock ignored = ch.lock()) {
                    if (Files.exists(nodeDir.resolve(KEY_FILE), LinkOption.NOFOLLOW_LINKS)) {
                        return load(nodeDir);
                    }
                    removeLeftovers(nodeDir);
                    return create(nodeDir);
                }
            } catch (IOException e) {
                throw new EvidenceException(nodeDir.resolve(KEY_FILE), "cannot create the evidence key: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The existing key in {@code nodeDir}; a missing, corrupt or too open file is an error naming it. */
    public static NodeKey load(Path nodeDir) {
        Path keyFile = nodeDir.resolve(KEY_FILE);
        Path pubFile = nodeDir.resolve(PUBLIC_FILE);
        Set<PosixFilePermission> mode;
        byte[] pem;
        try {
            mode = Files.getPosixFilePermissions(keyFile, LinkOption.NOFOLLOW_LINKS);
            pem = Files.readAllBytes(keyFile);
        } catch (NoSuchFileException e) {
            throw new EvidenceException(keyFile, "no evidence key (the node creates it on first start)", e);
        } catch (IOException e) {
            throw new EvidenceException(keyFile, "cannot read the evidence key: " + e.getMessage(), e);
        }
        if (!PRIVATE.containsAll(mode)) {
            throw new EvidenceException(keyFile, "mode " + octal(mode) + " lets others read the private key;"
                    + " want 0600 (chmod 600 " + keyFile + ")");
        }
        PrivateKey priv;
        try {
            priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                    Pem.decode(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new EvidenceException(keyFile, "not an Ed25519 PKCS#8 private key (" + e.getMessage() + ")");
        }
        if (!Files.exists(pubFile)) {
            throw new EvidenceException(pubFile, "missing: the public half of " + keyFile + " is gone");
        }
        EvidencePublicKey pub = EvidencePublicKey.read(pubFile);
        NodeKey key = new NodeKey(priv, pub, keyFile);
        byte[] probe = "edgefusion evidence key probe".getBytes(StandardCharsets.US_ASCII);
        if (!pub.verifies(probe, key.sign(probe))) {
            throw new EvidenceException(pubFile, "does not match " + keyFile.getFileName() + " (a different key)");
        }
        return key;
    }

    private static NodeKey create(Path nodeDir) throws IOException {
        KeyPair kp;
        try {
            kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
        EvidencePublicKey pub = EvidencePublicKey.of(kp.getPublic());
        Path pubFile = nodeDir.resolve(PUBLIC_FILE);
        Path pubTmp = writeNew(nodeDir, PUB_TMP_PREFIX, pub.pem(), PUBLIC);
        Files.setPosixFilePermissions(pubTmp, PUBLIC); // the umask may have narrowed it; verifiers read it
        Files.move(pubTmp, pubFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path keyFile = nodeDir.resolve(KEY_FILE);
        Path keyTmp = writeNew(nodeDir, TMP_PREFIX, Pem.encode(kp.getPrivate().getEncoded(), "PRIVATE KEY"), PRIVATE);
        try {
            Files.createLink(keyFile, keyTmp); // link(2): never replaces a key another writer made
        } catch (FileAlreadyExistsException e) {
            Files.delete(keyTmp);
            return load(nodeDir);
        }
        Files.delete(keyTmp);
        syncDir(nodeDir);
        return new NodeKey(kp.getPrivate(), pub, keyFile);
    }

    /** A new file created with {@code mode} from the start (open O_CREAT|O_EXCL), written and synced. */
    private static Path writeNew(Path dir, String prefix, String text, Set<PosixFilePermission> mode) throws IOException {
        Path tmp = dir.resolve(prefix + UUID.randomUUID());
        try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(mode))) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        return tmp;
    }

    private static void removeLeftovers(Path nodeDir) throws IOException {
        for (String prefix : new String[]{TMP_PREFIX, PUB_TMP_PREFIX}) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(nodeDir, prefix + "*")) {
                for (Path p : s) {
                    Files.deleteIfExists(p); // a creation that crashed before linking: never a key in use
                }
            }
        }
    }

    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the files themselves are synced.
        }
    }

    private static String octal(Set<PosixFilePermission> mode) {
        int m = 0;
        for (PosixFilePermission p : mode) {
            m |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", m);
    }

    /** Ed25519 over {@code message}, as lower-case hex. */
    public String sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return HexFormat.of().formatHex(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public EvidencePublicKey publicKey() {
        return publicKey;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** PEM armour for the key files. */
    static final class Pem {
        private Pem() {
        }

        static String encode(byte[] der, String label) {
            return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'})
                    .encodeToString(der) + "\n-----END " + label + "-----\n";
        }

        static byte[] decode(byte[] pem, String label) {
            String text = new String(pem, StandardCharsets.US_ASCII);
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("no '" + begin + "' block");
            }
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        }
    }
}
