package io.edgefusion.runtime.spec;

import io.edgefusion.image.oci.ImageConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An image's config under the caller's values, as docker merges them. */
class ImageDefaultsTest {
    private static final ImageConfig CONFIG = ImageConfig.scratch("2026-01-01T00:00:00Z")
            .withEntrypoint(List.of("/bin/app"))
            .withCmd(List.of("--serve"))
            .withEnv(List.of("PATH=/bin", "MODE=image", "=ignored"))
            .withWorkingDir("/srv")
            .withUser("1000:1000");

    @Test
    void withNothingGivenTheImageDecidesEverything() {
        ImageDefaults.Merged m = ImageDefaults.apply(CONFIG, List.of(), Map.of(), null, null);
        assertThat(m.command()).containsExactly("/bin/app", "--serve");
        assertThat(m.env()).containsExactly(Map.entry("PATH", "/bin"), Map.entry("MODE", "image"));
        assertThat(m.workdir()).isEqualTo("/srv");
        assertThat(m.user()).isEqualTo("1000:1000");
    }

    @Test
    void theCallersValuesWinAndArgumentsReplaceCmdButNotTheEntrypoint() {
        ImageDefaults.Merged m = ImageDefaults.apply(CONFIG, List.of("--check"),
                Map.of("MODE", "caller", "EXTRA", "1"), "/tmp", "0");
        assertThat(m.command()).containsExactly("/bin/app", "--check");
        assertThat(m.env()).containsEntry("MODE", "caller").containsEntry("EXTRA", "1").containsEntry("PATH", "/bin");
        assertThat(m.env().keySet()).as("the image's variables first").startsWith("PATH", "MODE");
        assertThat(m.workdir()).isEqualTo("/tmp");
        assertThat(m.user()).isEqualTo("0");
    }

    @Test
    void anEmptyConfigLeavesTheSandboxDefaults() {
        ImageDefaults.Merged m = ImageDefaults.apply(ImageConfig.scratch("2026-01-01T00:00:00Z"), List.of("sh"),
                Map.of(), null, null);
        assertThat(m.command()).containsExactly("sh");
        assertThat(m.user()).as("root").isNull();
        assertThat(m.workdir()).isEqualTo("/");
    }

    @Test
    void aRootfsDirectoryHasNoDefaults() {
        ImageDefaults.Merged m = ImageDefaults.none(List.of("true"), Map.of("A", "1"), null, null);
        assertThat(m.command()).containsExactly("true");
        assertThat(m.env()).containsExactly(Map.entry("A", "1"));
        assertThat(m.workdir()).isNull();
        assertThat(m.user()).isNull();
    }
}
