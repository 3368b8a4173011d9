package io.edgefusion.cli;

import io.edgefusion.sandbox.testing.TestSandboxes;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo/base:1} built in a test's root: the busybox root as one layer, with {@code sh -c "echo <says>"}. */
final class BaseImage {
    static final String REF = "demo/base:1";

    private BaseImage() {
    }

    static void build(TestSandboxes ts, String says) throws Exception {
        Path ctx = Files.createDirectories(ts.root().resolve("ctx/base"));
        assertThat(new ProcessBuilder("cp", "-a", ts.busybox().toString(), ctx.resolve("rootfs").toString())
                .start().waitFor()).isZero();
        Files.writeString(ctx.resolve("Buildfile"), """
                FROM scratch
                COPY rootfs/ /
                CMD ["sh", "-c", "echo %s"]
                """.formatted(says));
        CliRun.ok(CliRun.under(ts.root(), "image", "build", "-t", REF, ctx.toString()));
    }
}
