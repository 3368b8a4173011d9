package io.edgefusion.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input: one line naming the thing and the reason, exit 125. */
class CliErrorsTest {

    @TempDir
    Path tmp;

    private static void oneLineError(CliRun r, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(r.err().lines().toList()).as("exactly one line").hasSize(1);
        assertThat(r.err().lines().findFirst().orElse("")).startsWith("edgefusion: ").contains(fragments);
        assertThat(r.out()).isEmpty();
    }

    /** {@code edgefusion run --root TMP/state ARGS... TMP/rootfs true}: fails before any sandbox exists. */
    private CliRun run(String... flags) throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        String[] a = new String[flags.length + 5];
        a[0] = "run";
        a[1] = "--root";
        a[2] = tmp.resolve("state").toString();
        System.arraycopy(flags, 0, a, 3, flags.length);
        a[flags.length + 3] = rootfs.toString();
        a[flags.length + 4] = "true";
        return CliRun.of(a);
    }

    @Test
    void memoryBelowTheMinimumIsReportedAsWritten() throws Exception {
        CliRun r = run("--memory", "1k");
        oneLineError(r, "--memory 1k: below the minimum 6m");
        assertThat(r.err()).doesNotContain("1024");
    }

    @Test
    void cpuSharesAndCpuWeightAreMutuallyExclusiveInOneLine() throws Exception {
        CliRun r = run("--cpu-shares", "512", "--cpu-weight", "50");
        oneLineError(r, "--cpu-shares and --cpu-weight are mutually exclusive");
        assertThat(r.err()).doesNotContain("Error:").doesNotContain("=N");
    }

    @Test
    void cpusThatIsNotANumberSaysSo() throws Exception {
        CliRun r = run("--cpus", "abc");
        oneLineError(r, "--cpus abc: not a number");
        assertThat(r.err()).doesNotContain("double");
    }

    @Test
    void aNumericFlagWithTextIsNamedWithoutJavaTypeNames() throws Exception {
        CliRun r = run("--pids-limit", "lots");
        oneLineError(r, "--pids-limit lots: not a whole number");
        assertThat(r.err()).doesNotContain("long").doesNotContain("Invalid value");
    }

    @Test
    void anEmptyEnvironmentNameIsRefused() throws Exception {
        oneLineError(run("-e", "=x"), "--env =x: empty variable name");
    }

    @Test
    void cpusBeyondTheHostsOnlineCpusAreRefused() throws Exception {
        int online = OnlineCpus.count();
        String tooMany = Integer.toString(online + 1);
        oneLineError(run("--cpus", tooMany), "--cpus " + tooMany + ": the host has only " + online + " CPU");
        // Exactly the host's CPUs is allowed: the next check (memory) is the one that fails.
        oneLineError(run("--cpus", Integer.toString(online), "--memory", "1k"), "--memory 1k");
    }

    @Test
    void memoryReservationAboveMemoryIsRefused() throws Exception {
        oneLineError(run("--memory", "128m", "--memory-reservation", "256m"),
                "--memory-reservation 256m: above --memory 128m");
        oneLineError(run("--memory", "1k", "--memory-reservation", "64m"), "--memory 1k");
    }

    @Test
    void parseErrorsAreOneLineWithoutTheSeeHelpTrailer() throws Exception {
        CliRun bogus = CliRun.of("run", "--bogus", "x");
        oneLineError(bogus, "Unknown option: '--bogus'", "(see 'edgefusion run --help')");
        CliRun missing = CliRun.of("run");
        oneLineError(missing, "ROOTFS is required");
        CliRun noValue = CliRun.of("run", "--hostname");
        oneLineError(noValue, "--hostname: missing NAME");
        assertThat(bogus.err() + missing.err() + noValue.err()).doesNotContain("See '");
    }

    @Test
    void aNonJarGivenToContractVerifyIsNamed() throws Exception {
        Path notJar = Files.writeString(tmp.resolve("notes.jar"), "not a zip\n");
        oneLineError(CliRun.of("contract", "verify", notJar.toString()),
                notJar + ": not a jar (zip END header not found)");
    }

    @Test
    void aBadTrustedKeyIsNamedWithItsReason() throws Exception {
        Path key = Files.writeString(tmp.resolve("trusted.pub"), "-----BEGIN nonsense-----\n");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        String profile = Path.of("../profiles/rk3588-sm4.yaml").toString();
        oneLineError(CliRun.of("contract", "verify", "--profile", profile, "--trusted-key", key.toString(),
                classes.toString()), key + ": not an Ed25519 public key");
        oneLineError(CliRun.of("profile", "validate", "--trusted-key", tmp.toString(), profile),
                tmp + ": a directory, not a file");
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
        oneLineError(r, "Unknown option: '--bogus'", "edgefusion resources --help");
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

    @Test
    void runAndExecHelpShowTheTerminalAndSignalBehaviour() {
        CliRun run = CliRun.of("run", "--help");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("--interactive").contains("--tty").contains("sig-proxy").contains("-it");
        CliRun exec = CliRun.of("exec", "--help");
        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out()).contains("--interactive").contains("--tty").contains("forwarded");
    }
}
