package io.edgefusion.platform.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/**
 * The key a node verifies production profiles with, read only from where nothing shipped with the node can
 * replace it. A key inside the node's distribution (or beside the profile it verifies) would be replaced along
 * with a tampered profile, so it is refused; so is a file that another user could rewrite: the file and every
 * directory above it must be owned by root or the node's own user and writable by nobody else (a sticky
 * directory such as /tmp may be shared). The node's default is {@link #INSTALLED}, put there at install time.
 */
public record TrustAnchor(Path file, PublicKey key) {
    /** Where an installer puts the public key (root-owned, mode 0644 or tighter). */
    public static final Path INSTALLED = Path.of("/etc/edgefusion/trusted.pub");

    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;

    /** Why a key file is not a trust anchor: the file and the reason. */
    public static final class UntrustedKeyException extends Exception {
        private final Path file;

        UntrustedKeyException(Path file, String reason) {
            super("trusted key " + file + ": " + reason);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /**
     * Loads {@code file} as the trust anchor. {@code guarded} are the directories the key protects (the node's
     * distribution, the profile's directory): the key must lie outside each of them.
     */
    public static TrustAnchor load(Path file, List<Path> guarded) throws UntrustedKeyException {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new UntrustedKeyException(file, "no such file");
        } catch (IOException e) {
            throw new UntrustedKeyException(file, "cannot be read (" + e.getMessage() + ")");
        }
        for (Path g : guarded) {
            Path dir = realOrSelf(g);
            if (real.startsWith(dir)) {
                throw new UntrustedKeyException(file, "lies inside " + dir + ", which it protects; a key there"
                        + " is replaced together with the profile. Install it outside the node (" + INSTALLED
                        + ", owned by root and writable by nobody else) or pass --trusted-key with such a file");
            }
        }
        String self = System.getProperty("user.name");
        for (Path p = real; p != null; p = p.getParent()) {
            int mode;
            String owner;
            try {
                mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
            } catch (IOException | UnsupportedOperationException e) {
                throw new UntrustedKeyException(file, "cannot check the owner and mode of " + p);
            }
            if (!owner.equals("root") && !owner.equals(self)) {
                throw new UntrustedKeyException(file, p + " is owned by " + owner + ", not by root or " + self);
            }
            boolean shared = p != real && (mode & STICKY) != 0;
            if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !shared) {
                throw new UntrustedKeyException(file, p + " is writable by " + ((mode & 0002) != 0 ? "others"
                        : "its group") + " (mode " + Integer.toOctalString(mode & 07777) + ")");
            }
        }
        try {
            return new TrustAnchor(real, ProfileSignature.publicKey(
                    io.edgefusion.platform.yaml.InputFile.read(real, io.edgefusion.platform.yaml.InputFile.KEY_LIMIT,
                            "key file")));
        } catch (io.edgefusion.platform.yaml.InputFile.InputRefused e) {
            throw new UntrustedKeyException(file, "cannot be read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new UntrustedKeyException(file, "not a public key (" + e.getMessage() + ")");
        }
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
