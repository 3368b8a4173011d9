package io.edgefusion.cli.evidence;

import io.edgefusion.guardian.evidence.EvidenceLog;
import io.edgefusion.guardian.evidence.EvidencePublicKey;
import io.edgefusion.guardian.evidence.EvidenceTable;
import io.edgefusion.guardian.evidence.NodeKey;
import io.edgefusion.guardian.store.JdbcSql;
import io.edgefusion.node.NodePaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Function;

/**
 * A state root's evidence as the CLI reads it without a node: the node's database opened read-only (the node
 * writes, the CLI reads), the public key, the snapshot directory. A root where no node has run yet has no
 * database: that is an empty log, not an error.
 */
record EvidenceRoot(NodePaths paths) {
    static EvidenceRoot of(Path root) {
        return new EvidenceRoot(new NodePaths(root));
    }

    Path evidenceDir() {
        return paths.nodeDir().resolve(EvidenceLog.DIR);
    }

    Path publicKeyFile() {
        return paths.nodeDir().resolve(NodeKey.PUBLIC_FILE);
    }

    Optional<EvidencePublicKey> publicKey() {
        return Files.exists(publicKeyFile()) ? Optional.of(EvidencePublicKey.read(publicKeyFile())) : Optional.empty();
    }

    /** Runs {@code read} on the database opened read-only; {@code none} when there is no database yet. */
    <T> T read(Function<JdbcSql, T> read, T none) {
        if (!Files.exists(paths.database())) {
            return none;
        }
        nativeLibraryDir();
        try (JdbcSql sql = JdbcSql.openReadOnly(paths.database())) {
            return read.apply(sql);
        }
    }

    EvidenceTable.Chain chain() {
        return read(EvidenceTable::chain, new EvidenceTable.Chain(java.util.List.of(), Optional.empty()));
    }

    /** sqlite-jdbc extracts its native library once per JVM; as the node does, into ROOT/node/lib (0700). */
    private void nativeLibraryDir() {
        try {
            Files.createDirectories(paths.nativeLibDir(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + paths.nativeLibDir(), e);
        }
        synchronized (EvidenceRoot.class) {
            if (System.getProperty("org.sqlite.tmpdir") == null) {
                System.setProperty("org.sqlite.tmpdir", paths.nativeLibDir().toString());
            }
        }
    }
}
