package io.edgefusion.cli.registry;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.registry.RegistryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistriesFileTest {
    @TempDir
    Path dir;

    @Test
    void readsMirrorsCaFilesAndInsecureHosts() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "x");
        Path f = dir.resolve("registries.yaml");
        Files.writeString(f, """
                registries:
                  docker.io:
                    mirrors: ["mirror.local:5000", "10.0.0.7:5000"]
                  mirror.local:5000:
                    ca-file: ca.pem
                  10.0.0.7:5000:
                    insecure: true
                """);
        RegistryConfig c = RegistriesFile.read(f);
        assertThat(c.host("docker.io").mirrors()).isEqualTo(List.of("mirror.local:5000", "10.0.0.7:5000"));
        assertThat(c.host("mirror.local:5000").caFile()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(c.host("10.0.0.7:5000").insecure()).isTrue();
        assertThat(c.listed("other:1")).isFalse();
        assertThat(RegistriesFile.read(dir.resolve("absent.yaml"))).isEqualTo(RegistryConfig.EMPTY);
    }

    @Test
    void mistakesAreReportedWithFileLineColumnAndASuggestion() throws Exception {
        Path f = dir.resolve("registries.yaml");
        Files.writeString(f, """
                registries:
                  docker.io:
                    mirror: ["a:1"]
                  b:1:
                    ca-file: missing.pem
                """);
        assertThatThrownBy(() -> RegistriesFile.read(f)).isInstanceOf(ImageException.class)
                .hasMessageContaining(f + ":3:5").hasMessageContaining("did you mean 'mirrors'?")
                .hasMessageContaining(":5:14").hasMessageContaining("missing.pem: no such file");
    }
}
