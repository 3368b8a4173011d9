package io.edgefusion.sandbox.launch;

import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.kernel.sys.SealedMemfd;
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
 * What a helper is executed from. First choice: a sealed memfd this JVM fills once from the jar and keeps open,
 * run by its {@code /proc/<pid>/fd/<n>} path, so no sandbox can ever write the image it runs from and no launch
 * pays for a copy (a node starts thousands). Where memfds cannot be made (an old kernel, a seccomp'd caller), the
 * binary on disk: {@code <state root>/bin/edgefusion-helper-<sha256 prefix>}, extracted once per build (temp file
 * + rename), owned by root and writable by nobody, which copies itself into a sealed memfd and re-executes
 * before doing anything (native/main.c).
 */
final class HelperBinary {
    private static final System.Logger LOG = System.getLogger("sandbox.helper");
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("r-x------");

    private HelperBinary() {
    }

    /** The path to execute: this JVM's sealed memfd, or the file under {@code stateRoot} when there is none. */
    static Path executable(Path stateRoot) {
        Path sealed = Sealed.PATH;
        return sealed != null ? sealed : path(stateRoot);
    }

    /** Made on first use, once per JVM; the fd stays open for the JVM's life (it is close-on-exec). */
    private static final class Sealed {
        static final Path PATH = make();

        private static Path make() {
            try {
                int fd = SealedMemfd.create("edgefusion-helper", HelperResource.bytes());
                return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(fd));
            } catch (KernelException e) {
                LOG.log(System.Logger.Level.DEBUG, "no sealed memfd for the helper, using the file: {0}",
                        e.getMessage());
                return null;
            }
        }
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
