package io.edgefusion.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code profile build} of a profile for another architecture than the build JDK's: refused in one line (exit
 * 125, nothing written) unless {@code --target-jdk} names a JDK of that architecture. The foreign JDKs here are
 * directories with a release file: no JDK 25 for aarch64 can be installed on this machine, so a real cross
 * jlink is not exercised; the same-architecture {@code --target-jdk} path is, with this machine's JDK.
 */
class ProfileBuildTargetJdkTest {
    @TempDir
    Path tmp;

    private static final String HOST = hostArch();

    /** A sample board profile whose arch is not this machine's: the RK3588 one unless this is an arm64 host. */
    private static Path foreignProfile() {
        return Path.of("..", "profiles", HOST.equals("aarch64") ? "x86-gateway-aes.yaml" : "rk3588-sm4.yaml");
    }

    /** A relative path option as the command has it: resolved against the caller's working directory. */
    private static Path resolved(Path p) {
        return Path.of(System.getProperty("user.dir")).resolve(p);
    }

    private static String foreignArch() {
        return HOST.equals("aarch64") ? "x86_64" : "aarch64";
    }

    private static String hostArch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") ? "x86_64" : a;
    }

    private Path fakeJdk(String osArch, String version) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("jdk-" + osArch));
        Files.writeString(d.resolve("release"), "JAVA_VERSION=\"" + version + "\"\nOS_ARCH=\"" + osArch + "\"\n");
        return d;
    }

    @Test
    void aProfileForAnotherArchitectureIsRefusedWithoutATargetJdk() {
        Path out = tmp.resolve("node");
        CliRun r = CliRun.of("profile", "build", foreignProfile().toString(), "-o", out.toString(), "--runs", "0");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err().lines().toList()).as(r.err()).singleElement().asString()
                .startsWith("edgefusion: " + resolved(foreignProfile()) + " is for arch " + foreignArch())
                .contains("this JDK (" + System.getProperty("java.home") + ") is " + HOST)
                .endsWith("give --target-jdk DIR, a JDK " + Runtime.version().feature() + ".0 for " + foreignArch()
                        + " with its jmods");
        assertThat(out).doesNotExist();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aTargetJdkWhoseReleaseNamesAnotherArchitectureIsRefused() throws IOException {
        Path jdk = fakeJdk(HOST, Runtime.version().toString());
        Path out = tmp.resolve("node");
        CliRun r = CliRun.of("profile", "build", foreignProfile().toString(), "--target-jdk", jdk.toString(), "-o",
                out.toString(), "--runs", "0");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err()).isEqualTo("edgefusion: --target-jdk " + jdk + " is a JDK for " + HOST + " (its release"
                + " file's OS_ARCH) but " + resolved(foreignProfile()) + " is for arch " + foreignArch()
                + ": give a JDK for "
                + foreignArch() + "\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void aTargetJdkOfTheRightArchitectureWithoutJmodsIsRefused() throws IOException {
        Path jdk = fakeJdk(foreignArch(), Runtime.version().toString());
        Path out = tmp.resolve("node");
        CliRun r = CliRun.of("profile", "build", foreignProfile().toString(), "--target-jdk", jdk.toString(), "-o",
                out.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err()).contains("has no jmods/java.base.jmod").hasLineCount(1);
        assertThat(out).doesNotExist();
    }

    @Test
    void aTargetJdkOfThisArchitectureLinksTheRuntimeFromThatJdk() throws IOException {
        Path profile = tmp.resolve("gw.yaml");
        Files.writeString(profile, """
                platform: tiny-gateway
                arch: %s
                stage: development
                services:
                  api: {port: 8080}
                modules:
                  logging: {enabled: true}
                  api: {enabled: true, features: [health]}
                """.formatted(HOST));
        Path out = tmp.resolve("node");
        Path javaHome = Path.of(System.getProperty("java.home"));
        CliRun r = CliRun.of("profile", "build", profile.toString(), "--target-jdk", javaHome.toString(), "-o",
                out.toString(), "--runs", "0", "--no-aot-cache");
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).doesNotContain("cross build");
        assertThat(Files.readString(out.resolve("runtime/release")))
                .contains("JAVA_VERSION=\"" + Runtime.version().feature());
        // jlink's release file of an image names no OS_ARCH; the launcher's ELF header says what it runs on.
        byte[] elf = Files.readAllBytes(out.resolve("runtime/bin/java"));
        int machine = (elf[18] & 0xff) | (elf[19] & 0xff) << 8;
        assertThat(machine).isEqualTo(HOST.equals("aarch64") ? 183 : 62); // EM_AARCH64, EM_X86_64
    }
}
