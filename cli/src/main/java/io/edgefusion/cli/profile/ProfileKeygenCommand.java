package io.edgefusion.cli.profile;

import io.edgefusion.platform.profile.ProfileSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;

/** {@code edgefusion profile keygen DIR}: an Ed25519 pair for signing profiles. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create DIR/signing.key (private, mode 600) and DIR/signing.pub (give it to nodes as"
                + " --trusted-key). Refuses to overwrite."},
        footer = {"", "Examples:",
                "  edgefusion profile keygen keys/",
                "  edgefusion profile sign prod.yaml --key keys/signing.key"})
public final class ProfileKeygenCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Path priv = dir.resolve("signing.key");
        Path pub = dir.resolve("signing.pub");
        if (Files.exists(priv) || Files.exists(pub)) {
            throw new IllegalArgumentException(dir + " already holds a signing key");
        }
        KeyPair k = ProfileSignature.generate();
        Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(priv, ProfileSignature.encode(k.getPrivate()) + "\n");
        Files.writeString(pub, ProfileSignature.encode(k.getPublic()) + "\n");
        spec.commandLine().getOut().println("wrote " + priv + " and " + pub);
        return 0;
    }
}
