package io.edgefusion.cli.profile;

import io.edgefusion.platform.profile.ProfileSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code edgefusion profile sign FILE --key KEY}: writes FILE.sig, which production requires. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a profile's exact bytes with an Ed25519 private key (base64 PKCS#8, as 'profile keygen'"
                + " writes it) into FILE.sig. A production node runs only a profile whose signature verifies."},
        footer = {"", "Examples:",
                "  edgefusion profile keygen keys/",
                "  edgefusion profile sign prod.yaml --key keys/signing.key",
                "  edgefusion profile validate --trusted-key keys/signing.pub prod.yaml"})
public final class ProfileSignCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "Private key file.")
    Path key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PlatformFiles.requireFile(file);
        String sig = ProfileSignature.sign(Files.readAllBytes(file),
                PlatformFiles.privateKey(key));
        Path out = file.resolveSibling(file.getFileName() + ".sig");
        Files.writeString(out, sig + "\n");
        spec.commandLine().getOut().println("signed " + file + " -> " + out);
        return 0;
    }
}
