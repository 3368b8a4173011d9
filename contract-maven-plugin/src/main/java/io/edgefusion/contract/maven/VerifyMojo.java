package io.edgefusion.contract.maven;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.profile.ProfileCheck;
import io.edgefusion.platform.profile.ProfileSignature;
import io.edgefusion.platform.profile.ProfileValidator;
import io.edgefusion.platform.verify.ContractVerifier;
import io.edgefusion.platform.verify.ReportFormat;
import io.edgefusion.platform.verify.VerifyReport;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Goal {@code edgefusion-contract:verify} (bound to the verify phase): the same verifier as
 * {@code edgefusion contract verify}, over the project's classes. The table goes to the build log; the report,
 * in the chosen format, to {@code reportFile}; any violation fails the build.
 */
public final class VerifyMojo extends AbstractMojo {
    File classesDirectory;
    File profile;
    File trustedKey;
    String format = "table";
    File reportFile;
    boolean failOnViolation = true;
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("edgefusion contract verify skipped");
            return;
        }
        if (classesDirectory == null || !classesDirectory.exists()) {
            getLog().info("edgefusion contract verify: no classes at " + classesDirectory + ", nothing to verify");
            return;
        }
        ReportFormat fmt;
        try {
            fmt = ReportFormat.parse(format == null ? "table" : format);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("format must be one of " + ReportFormat.names() + ", got '" + format + "'");
        }
        VerifyReport report;
        try {
            CoreContract contract = CoreContract.builtIn();
            Optional<ProfileCheck> check = Optional.empty();
            if (profile != null) {
                Optional<PublicKey> key = trustedKey == null ? Optional.empty()
                        : Optional.of(ProfileSignature.publicKey(Files.readString(trustedKey.toPath())));
                check = Optional.of(new ProfileValidator(ModuleCatalog.discover(getClass().getClassLoader()),
                        contract, key).validate(profile.toPath()));
            }
            report = new ContractVerifier(contract).verify(List.of(classesDirectory.toPath()), check);
            if (reportFile != null) {
                Files.createDirectories(reportFile.toPath().toAbsolutePath().getParent());
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(reportFile.toPath()))) {
                    fmt.write(report, w);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new MojoExecutionException("edgefusion contract verify: " + e.getMessage(), e);
        }
        StringWriter table = new StringWriter();
        ReportFormat.TABLE.write(report, new PrintWriter(table));
        table.toString().lines().forEach(l -> {
            if (report.clean()) {
                getLog().info(l);
            } else {
                getLog().error(l);
            }
        });
        if (!report.clean() && failOnViolation) {
            throw new MojoFailureException(report.violations().size() + " core-contract violation(s) in "
                    + classesDirectory + (reportFile == null ? "" : "; report: " + reportFile));
        }
    }
}
