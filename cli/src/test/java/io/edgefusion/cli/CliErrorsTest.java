package io.edgefusion.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input: one line naming the thing and the reason, exit 125. */
class CliErrorsTest {

    private static void oneLineError(CliRun r, String... fragments) {
        assertThat(r.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err().lines().findFirst().orElse("")).startsWith("edgefusion: ").contains(fragments);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownPid() {
        oneLineError(CliRun.of("resources", "--pid", "999999999", "--no-jdk"), "--pid 999999999", "no such process");
    }

    @Test
    void unknownCgroup() {
        oneLineError(CliRun.of("resources", "--cgroup", "/edgefusion-no-such-cgroup", "--no-jdk"),
                "/edgefusion-no-such-cgroup", "no such cgroup");
    }

    @Test
    void pidAndCgroupAreExclusive() {
        CliRun r = CliRun.of("resources", "--pid", "1", "--cgroup", "/");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void badFlagPointsAtHelp() {
        CliRun r = CliRun.of("resources", "--bogus");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err()).contains("Unknown option: '--bogus'").contains("edgefusion resources --help");
    }

    @Test
    void missingPathForMountinfo() {
        oneLineError(CliRun.of("mountinfo", "/no/such/path"), "/no/such/path", "no such file");
    }

    /**
     * The CLI in its own JVM that believes it runs on {@code os}: {@code os.name} is process-wide, so changing
     * it in the test JVM would race every other test.
     */
    private static CliRun onOs(String os, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dos.name=" + os,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new CliRun(p.exitValue(), out, err.get());
    }

    @Test
    void nonLinuxHostsSayWhichCommandsNeedLinux() throws Exception {
        oneLineError(onOs("Mac OS X", "resources"), "edgefusion resources needs Linux", "Mac OS X");
        oneLineError(onOs("Mac OS X", "mountinfo", "/"), "edgefusion mountinfo needs Linux");
        oneLineError(onOs("Mac OS X", "ps"), "edgefusion sandboxes needs Linux");
        CliRun help = onOs("Mac OS X", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("resources").contains("run").contains("needs Linux");
    }

    @Test
    void helpTeachesWithExamples() {
        CliRun r = CliRun.of("resources", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--pid").contains("--cgroup").contains("--json").contains("Examples:")
                .contains("docs/json/resources.md");
    }
}
