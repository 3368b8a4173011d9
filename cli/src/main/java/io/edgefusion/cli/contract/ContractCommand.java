package io.edgefusion.cli.contract;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgefusion contract}: the core contract and its build-time verifier. */
@Command(name = "contract", mixinStandardHelpOptions = true,
        description = {"The core contract (contract/core-contract.yaml): rules no profile can trim."},
        subcommands = {ContractVerifyCommand.class},
        footer = {"", "Examples:",
                "  edgefusion contract verify target/app.jar",
                "  edgefusion contract verify --profile profiles/rk3588-sm4.yaml target/classes"})
public final class ContractCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
