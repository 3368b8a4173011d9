package io.edgefusion.sandbox.launch;

import io.edgefusion.nativehelper.HelperResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The helper binary on disk: {@code <state root>/bin/edgefusion-helper-<sha256 prefix>}, extracted from the jar
 * once per build (temp file + rename), owned by root and writable by nobody. It re-executes itself from a
 * sealed memfd before doing anything (native/main.c), so a sandbox can never write to the image it runs from.
 */
final class HelperBinary {
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("r-x------");

    private HelperBinary() {
    }

    static Path path(Path stateRoot) {
        String sha = HelperResource.sha256();
        Path target = stateRoot.resolve("bin").resolve("edgefusion-helper-" + sha.substring(0, 16));
        try {
            if (trusted(target)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".helper-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, HelperResource.bytes());
            Files.setPosixFilePermissions(tmp, MODE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the helper at " + target, e);
        }
    }

    /** A regular file (not a symlink), ours, with exactly the mode we give it. */
    private static boolean trusted(Path p) throws IOException {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return uid.equals(Files.getAttribute(p.getParent(), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                && Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(MODE);
    }
}
