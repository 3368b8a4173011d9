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

    @Test
    void nonLinuxHostsSayWhichCommandsNeedLinux() {
        String os = System.getProperty("os.name");
        System.setProperty("os.name", "Mac OS X");
        try {
            oneLineError(CliRun.of("resources"), "edgefusion resources needs Linux", "Mac OS X");
            oneLineError(CliRun.of("mountinfo", "/"), "edgefusion mountinfo needs Linux");
            oneLineError(CliRun.of("ps"), "edgefusion sandboxes needs Linux");
            CliRun help = CliRun.of("--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("resources").contains("run").contains("needs Linux");
        } finally {
            System.setProperty("os.name", os);
        }
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
