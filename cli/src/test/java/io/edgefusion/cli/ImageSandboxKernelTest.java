package io.edgefusion.cli;

import io.edgefusion.image.testing.RawTar;
import io.edgefusion.image.testing.TestLayouts;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.edgefusion.cli.CliRun.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Images and sandboxes together: run IMAGE, RUN in builds, diff and commit, layers held while in use. */
@KernelTest
class ImageSandboxKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private CliRun cli(String... args) {
        return CliRun.under(ts.root(), args);
    }

    /** demo/base:1 = the busybox root with an ENV, a WORKDIR the root lacks and a CMD. */
    private Path baseImage() throws Exception {
        Path ctx = Files.createDirectories(ts.root().resolve("ctx/base"));
        copyTree(ts.busybox(), ctx.resolve("rootfs"));
        Files.writeString(ctx.resolve("Buildfile"), """
                FROM scratch
                COPY rootfs/ /
                ENV GREETING=hello
                WORKDIR /srv/app
                CMD ["sh", "-c", "echo $GREETING from $(pwd)"]
                """);
        ok(cli("image", "build", "-t", "demo/base:1", ctx.toString()));
        return ctx;
    }

    private static void copyTree(Path from, Path to) throws Exception {
        assertThat(new ProcessBuilder("cp", "-a", from.toString(), to.toString()).start().waitFor()).isZero();
    }

    @Test
    void runAnImageWithItsDefaultsAndFlagsOverThem() throws Exception {
        baseImage();
        assertThat(ok(cli("run", "--rm", "demo/base:1")).out()).isEqualTo("hello from /srv/app\n");
        assertThat(ok(cli("run", "--rm", "-e", "GREETING=hi", "-w", "/tmp", "demo/base:1", "--", "sh", "-c",
                "echo $GREETING from $(pwd)")).out()).isEqualTo("hi from /tmp\n");
        CliRun missing = cli("run", "--rm", "demo/none:1");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.err()).contains("no image demo/none:1 in the store");
    }

    @Test
    void runStepsOfABuildExecuteInASandboxAndTheirWritesBecomeTheLayer() throws Exception {
        baseImage();
        Path app = Files.createDirectories(ts.root().resolve("ctx/app"));
        Files.writeString(app.resolve("Buildfile"), """
                FROM demo/base:1
                RUN echo built-by-run > /built.txt && rm /bin/vi && echo "pid $$" && hostname
                CMD ["sh", "-c", "cat /built.txt; ls /bin/vi 2>&1 || true"]
                """);
        CliRun build = ok(cli("image", "build", "-t", "demo/app:1", app.toString()));
        assertThat(build.out()).contains("pid 1");
        assertThat(ok(cli("run", "--rm", "demo/app:1")).out()).startsWith("built-by-run\n")
                .contains("No such file or directory");
        assertThat(ts.sandboxes().list()).as("RUN sandboxes are removed").isEmpty();

        Files.writeString(app.resolve("Buildfile"), "FROM demo/base:1\nRUN echo partial > /x; exit 3\n");
        CliRun failed = cli("image", "build", "-t", "demo/bad:1", app.toString());
        assertThat(failed.exitCode()).isEqualTo(125);
        assertThat(failed.err()).contains("Buildfile line 2").contains("exited with code 3");
        assertThat(cli("image", "ls").out()).doesNotContain("demo/bad");
        assertThat(ts.sandboxes().list()).isEmpty();
    }

    @Test
    void aRunStepLeadsASessionOfItsOwn() throws Exception {
        baseImage();
        Path app = Files.createDirectories(ts.root().resolve("ctx/session"));
        // Field 6 of /proc/self/stat is the session id: 1 (the step's own PID 1) once it called setsid; a
        // session led from outside the sandbox's PID namespace shows as 0.
        Files.writeString(app.resolve("Buildfile"), """
                FROM demo/base:1
                RUN echo "session $(cut -d' ' -f6 /proc/self/stat)"
                """);
        CliRun build = ok(cli("image", "build", "-t", "demo/session:1", app.toString()));
        assertThat(build.out()).contains("session 1\n");
    }

    @Test
    void diffAndCommitASandboxThenRunTheCommittedImage() throws Exception {
        baseImage();
        String id = ok(cli("run", "-d", "--name", "box", "demo/base:1", "--", "sh", "-c",
                "echo changed > /etc/hostname; rm /bin/ls; mkdir -p /new/dir; touch /ready; sleep 600")).out().strip();
        for (int i = 0; i < 100 && !cli("diff", "box").out().contains("/ready"); i++) {
            Thread.sleep(50);
        }
        assertThat(ok(cli("diff", "box")).out().lines().toList())
                .contains("C /etc/hostname", "D /bin/ls", "A /new/dir", "A /ready", "A /srv/app");
        String image = ok(cli("commit", "-m", "configured", "box", "demo/base:2")).out().strip();
        assertThat(image).startsWith("sha256:");
        assertThat(ok(cli("exec", "box", "--", "cat", "/etc/hostname")).out()).as("thawed after commit")
                .isEqualTo("changed\n");
        ok(cli("rm", "-f", "box"));
        ts.assertGone(id);
        assertThat(ok(cli("run", "--rm", "demo/base:2", "--", "sh", "-c",
                "cat /etc/hostname; ls /bin/ls 2>&1; ls -d /new/dir")).out())
                .contains("changed").contains("No such file or directory").contains("/new/dir");
        assertThat(ok(cli("image", "history", "demo/base:2")).out()).contains("configured");
    }

    @Test
    void aRunningSandboxHoldsItsLayersAgainstPrune() throws Exception {
        baseImage();
        ok(cli("run", "-d", "--name", "holder", "demo/base:1", "--", "sleep", "600"));
        ok(cli("image", "rm", "demo/base:1"));
        ok(cli("image", "prune"));
        assertThat(ok(cli("exec", "holder", "--", "cat", "/etc/hostname")).out()).isEqualTo("edgefusion\n");
        ok(cli("rm", "-f", "holder"));
        CliRun prune = ok(cli("image", "prune"));
        assertThat(prune.out()).contains("deleted 1 layers");
    }

    @Test
    void anImageOf130LayersRuns() throws Exception {
        List<byte[]> tars = new ArrayList<>();
        byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
        tars.add(new RawTar().dir("bin", 0755).file("bin/busybox", 0755, 0, 0, busybox)
                .symlink("bin/sh", "busybox").symlink("bin/cat", "busybox").bytes());
        for (int i = 1; i < 130; i++) {
            tars.add(new RawTar().file("layer-" + i, 0644, "i=" + i).file("top", 0644, "from " + i).bytes());
        }
        Path layout = TestLayouts.write(Files.createDirectories(ts.root().resolve("deep")), "v1", tars);
        ok(cli("image", "import", layout + ":v1", "deep:130"));
        assertThat(ok(cli("run", "--rm", "deep:130", "--", "sh", "-c", "cat /top /layer-1 /layer-129")).out())
                .isEqualTo("from 129i=1i=129");
    }
}
