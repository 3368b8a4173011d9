package io.edgefusion.cli.contract;

import io.edgefusion.cli.profile.PlatformFiles;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.profile.ProfileCheck;
import io.edgefusion.platform.profile.ProfileValidator;
import io.edgefusion.platform.verify.ContractVerifier;
import io.edgefusion.platform.verify.ReportFormat;
import io.edgefusion.platform.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code edgefusion contract verify --profile P JAR|CLASSES…}: the build-time verifier; exit 1 on violations. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Scan workload bytecode (jars, class directories, class files) for what the core contract"
                + " forbids: missing HAL methods, provider/contract version mismatches, pinned-layout mismatches,"
                + " bind addresses or ports fed by constants, System.out/System.err/java.util.logging instead of"
                + " NodeLog — and, with --profile, the trims its stage forbids.",
                "Exit 0 when clean, 1 on any violation, 125 when an input cannot be read."},
        footer = {"", "Examples:", "  edgefusion contract verify --profile profiles/rk3588-sm4.yaml target/app.jar",
                "  edgefusion contract verify --format junit target/classes > contract-report.xml",
                "  edgefusion contract verify --json target/app.jar | jq '.violations[].rule'"})
public final class ContractVerifyCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "JAR|CLASSES", description = "Jars, class directories or class files.")
    List<Path> inputs;

    @Option(names = "--profile", paramLabel = "P", description = "The board's profile: adds its stage's trim rules.")
    Path profile;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table (default) or junit (JUnit XML for CI). 'json' is kept as a deprecated spelling of"
                    + " --json.")
    String format;

    @Option(names = "--json", description = "Print one JSON document (schema edgefusion.contract.verify/v1,"
            + " docs/json/contract.verify.md).")
    boolean json;

    @Option(names = "--trusted-key", paramLabel = "KEY", description = "Public key for a production profile.")
    Path trustedKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReportFormat fmt;
        try {
            fmt = ReportFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be one of " + String.join(", ", ReportFormat.names())
                    + ", got '" + format + "'");
        }
        if (json) {
            if (fmt == ReportFormat.JUNIT) {
                throw new IllegalArgumentException("--json and --format junit ask for two outputs; choose one");
            }
            fmt = ReportFormat.JSON;
        }
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                throw new IllegalArgumentException(in + ": no such jar, directory or class file");
            }
        }
        CoreContract contract = CoreContract.builtIn();
        Optional<ProfileCheck> check = Optional.empty();
        if (profile != null) {
            PlatformFiles.requireFile(profile);
            check = Optional.of(new ProfileValidator(ModuleCatalog.discover(), contract,
                    PlatformFiles.trustedKey(trustedKey)).validate(profile));
        }
        VerifyReport r = new ContractVerifier(contract).verify(inputs, check);
        fmt.write(r, spec.commandLine().getOut());
        return r.clean() ? 0 : 1;
    }
}
