package io.edgefusion.runtime.diagnose.fs;

import io.edgefusion.nativehelper.FsProbeResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The probe on disk: {@code <state root>/bin/edgefusion-fsprobe-<sha256 prefix>}, extracted once per build
 * (temp file + rename). Mode 0555: a rootless sandbox's root is "other" to a file host root owns, and it execs
 * the probe through an fd it was handed.
 */
final class FsProbeBinary {
    private FsProbeBinary() {
    }

    static Path path(Path stateRoot) {
        byte[] bytes = FsProbeResource.bytes();
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path target = stateRoot.resolve("bin").resolve(FsProbeResource.NAME + "-" + sha.substring(0, 16));
        try {
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == bytes.length) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".fsprobe-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-xr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the fs probe at " + target, e);
        }
    }
}
