package io.edgefusion.contract.maven;

import io.edgefusion.platform.testing.Workloads;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mojo run directly (no Maven, nothing installed): it fails the build exactly when the verifier finds. */
class VerifyMojoTest {
    @TempDir
    Path tmp;

    private VerifyMojo mojo(Path classes) {
        VerifyMojo m = new VerifyMojo();
        m.classesDirectory = classes.toFile();
        m.reportFile = tmp.resolve("target/edgefusion-contract-report.txt").toFile();
        return m;
    }

    @Test
    void aCompliantProjectPasses() throws Exception {
        VerifyMojo m = mojo(Workloads.compile("compliant", tmp));
        m.profile = Path.of("../profiles/rk3588-sm4.yaml").toFile();
        m.execute();
        assertThat(Files.readString(m.reportFile.toPath())).contains("2 classes, no violations");
    }

    @Test
    void violationsFailTheBuildAndLandInTheReport() throws IOException {
        VerifyMojo m = mojo(Workloads.compile("bind", tmp));
        m.format = "junit";
        assertThatThrownBy(m::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("5 core-contract violation(s)");
        assertThat(Files.readString(m.reportFile.toPath())).contains("failures=\"1\"").contains("network.listen");
    }

    @Test
    void failOnViolationFalseOnlyReports() throws Exception {
        VerifyMojo m = mojo(Workloads.compile("logging", tmp));
        m.failOnViolation = false;
        m.execute();
        assertThat(Files.readString(m.reportFile.toPath())).contains("4 violations");
    }

    @Test
    void aStageTrimInTheProfileFailsToo() throws Exception {
        Path profile = tmp.resolve("p.yaml");
        Files.writeString(profile, Files.readString(Path.of("../profiles/rk3588-sm4.yaml"))
                .replace("tls: {enabled: true, features: [tls13]}", "tls: {enabled: false}"));
        VerifyMojo m = mojo(Workloads.compile("compliant", tmp));
        m.profile = profile.toFile();
        assertThatThrownBy(m::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("1 core-contract violation(s)");
        assertThat(Files.readString(m.reportFile.toPath())).contains("stage pre-release requires module 'tls' enabled");
    }

    @Test
    void aBadFormatIsAConfigurationError() {
        VerifyMojo m = mojo(tmp);
        m.format = "yaml";
        assertThatThrownBy(m::execute).isInstanceOf(MojoExecutionException.class).hasMessageContaining("yaml");
    }
}
