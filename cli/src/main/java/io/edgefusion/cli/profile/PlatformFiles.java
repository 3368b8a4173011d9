package io.edgefusion.cli.profile;

import io.edgefusion.cli.Caller;
import io.edgefusion.platform.profile.ProfileSignature;
import io.edgefusion.platform.yaml.InputFile;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;

/** Where the CLI finds the platform's files: the full node's jars, trusted keys, input files. */
public final class PlatformFiles {
    private PlatformFiles() {
    }

    /** {@code node-lib} beside the CLI's jar (or beside target/classes when run from a build tree). */
    public static Path defaultNodeLib() {
        try {
            Path self = Path.of(PlatformFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self.getParent().resolve("node-lib");
        } catch (URISyntaxException | SecurityException e) {
            return Path.of("node-lib");
        }
    }

    public static Optional<PublicKey> trustedKey(Path file) throws IOException {
        if (file == null) {
            String env = Caller.env().get("EDGEFUSION_TRUSTED_KEY");
            if (env == null || env.isBlank()) {
                return Optional.empty();
            }
            file = Caller.resolve(env);
        }
        String text = read(file);
        try {
            return Optional.of(ProfileSignature.publicKey(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The private key in {@code file}; a bad one is named with its path. */
    public static java.security.PrivateKey privateKey(Path file) throws IOException {
        String text = read(file);
        try {
            return ProfileSignature.privateKey(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** A key file's text (refused unread when over the key size limit), or an error a person can act on. */
    public static String read(Path file) throws IOException {
        return InputFile.read(file, InputFile.KEY_LIMIT, "key file");
    }

    public static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
    }
}
