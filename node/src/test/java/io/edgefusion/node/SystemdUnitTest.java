package io.edgefusion.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dist/systemd/edgefusion-node.service passes {@code systemd-analyze verify} (Debian's systemd). The check needs
 * the ExecStart binary to exist, so it verifies a copy whose ExecStart points at an executable of this test's.
 */
class SystemdUnitTest {
    static final Path UNIT = Path.of("../dist/systemd/edgefusion-node.service");
    static final String INSTALLED = "/usr/local/bin/edgefusion";

    @TempDir
    Path tmp;

    record Verify(int exit, String output) {
    }

    private Verify verify(String unitText) throws Exception {
        Path bin = tmp.resolve("edgefusion");
        Files.writeString(bin, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unit = tmp.resolve("edgefusion-node.service");
        Files.writeString(unit, unitText.replace(INSTALLED, bin.toString()));
        Process p = new ProcessBuilder(List.of("systemd-analyze", "verify", unit.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Verify(p.exitValue(), out);
    }

    @Test
    void theUnitVerifiesWithoutAWord() throws Exception {
        String text = Files.readString(UNIT);
        assertThat(text).contains("ExecStart=" + INSTALLED + " node --root /var/lib/edgefusion")
                .contains("\nKillMode=process\n").contains("\nRestart=on-failure\n").contains("\nType=exec\n")
                .doesNotContain("\nProtectSystem=").doesNotContain("\nPrivateTmp=")
                .doesNotContain("\nSystemCallFilter=").doesNotContain("\nNoNewPrivileges=");
        Verify v = verify(text);
        assertThat(v.exit()).as(v.output()).isZero();
        assertThat(v.output()).isEmpty();
    }

    @Test
    void theCheckCatchesABrokenUnit() throws Exception {
        Verify v = verify(Files.readString(UNIT).replace("Type=exec", "Type=bogus"));
        assertThat(v.output()).contains("Failed to parse service type");
    }
}
