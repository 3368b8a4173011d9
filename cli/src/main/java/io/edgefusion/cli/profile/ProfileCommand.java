package io.edgefusion.cli.profile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgefusion profile}: trim profiles — validate, build a trimmed node, sign for production. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Trim profiles: which platform modules, features and HAL backends a board gets, checked"
                + " against the core contract and the profile's lifecycle stage. Schema: docs/platform.md."},
        subcommands = {ProfileValidateCommand.class, ProfileBuildCommand.class, ProfileSignCommand.class,
                ProfileKeygenCommand.class},
        footer = {"", "Examples:", "  edgefusion profile validate profiles/rk3588-sm4.yaml",
                "  edgefusion profile build profiles/x86-gateway-aes.yaml -o /tmp/node",
                "  edgefusion profile keygen keys/",
                "  edgefusion profile sign prod.yaml --key keys/signing.key"})
public final class ProfileCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
