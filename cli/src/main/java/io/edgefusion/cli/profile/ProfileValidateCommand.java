package io.edgefusion.cli.profile;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.profile.Profile;
import io.edgefusion.platform.profile.ProfileCheck;
import io.edgefusion.platform.profile.ProfileValidator;
import io.edgefusion.platform.yaml.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion profile validate FILE…}: every problem as {@code file:line:col: message}; exit 0 or 1. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check trim profiles: YAML syntax, unknown keys (with a did-you-mean), value types, unknown"
                + " modules and features, contract ports, and what the profile's stage forbids (from the core"
                + " contract). Prints one 'file:line:col: message' line per problem.",
                "Exit 0 when every file is valid, 1 when any has a problem, 125 when a file cannot be read."},
        footer = {"", "Example:", "  edgefusion profile validate profiles/*.yaml"})
public final class ProfileValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Profiles to check.")
    List<Path> files;

    @Option(names = "--trusted-key", paramLabel = "KEY",
            description = "Public key (base64 X.509) that production profiles must be signed with;"
                    + " default $EDGEFUSION_TRUSTED_KEY.")
    Path trustedKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        files.forEach(PlatformFiles::requireFile);
        ProfileValidator v = new ProfileValidator(ModuleCatalog.discover(), CoreContract.builtIn(),
                PlatformFiles.trustedKey(trustedKey));
        PrintWriter out = spec.commandLine().getOut();
        boolean allOk = true;
        for (Path f : files) {
            ProfileCheck c = v.validate(f);
            for (Problem p : c.problems()) {
                out.println(p);
            }
            if (c.ok()) {
                Profile p = c.profile().orElseThrow();
                out.println(f + ": ok (" + p.platform() + ", " + p.arch() + ", stage " + p.stage() + ", modules "
                        + String.join(" ", p.enabledModules()) + ")");
            } else {
                allOk = false;
            }
        }
        out.flush();
        return allOk ? 0 : 1;
    }
}
