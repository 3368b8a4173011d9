package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.cli.json.SchemaCheck;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code diagnose fs} on tmpfs mounts the test makes under its own temp dir (noexec, nodev, ro) and inside
 * sandboxes (a noexec,nodev --tmpfs, a --read-only root, the overlay root's copy-up): the verdicts and errnos
 * from the JSON document, checked against its schema, and nothing left in the probed directory.
 */
@KernelTest
class DiagnoseFsKernelTest {
    private static final long MS_RDONLY = 1;
    private static final long MS_NODEV = 4;
    private static final long MS_NOEXEC = 8;
    private static final long MS_REMOUNT = 32;

    @TempDir
    Path tmp;
    private final List<Path> mounted = new ArrayList<>();
    private final TestSandboxes ts = new TestSandboxes();
    private final String root = "--root=" + ts.root();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void tearDown() {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            Libc.umount2(mounted.get(i).toString(), 2 /* MNT_DETACH */);
        }
        ts.close();
    }

    private Path tmpfs(String name, long flags) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Libc.mount("edgefusion-test", dir.toString(), "tmpfs", flags, "size=4m");
        mounted.add(dir);
        return dir;
    }

    private JsonNode diagnose(int expectedExit, String... args) throws IOException {
        String[] full = Stream.concat(Stream.of("diagnose", "fs", root, "--json"), Stream.of(args))
                .toArray(String[]::new);
        CliRun r = CliRun.of(full);
        assertThat(r.exitCode()).as(String.join(" ", full) + ": " + r.err() + r.out()).isEqualTo(expectedExit);
        JsonNode doc = json.readTree(r.out());
        assertThat(new SchemaCheck(JsonDocumentsKernelTest.DOCS).problems("diagnose.fs.schema.json", doc))
                .as(doc.toPrettyString()).isEmpty();
        return doc;
    }

    private static JsonNode check(JsonNode doc, String name) {
        for (JsonNode c : doc.path("checks")) {
            if (c.path("check").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + doc.toPrettyString());
    }

    private static void seen(JsonNode doc, String name, String observed, String errno, String verdict) {
        JsonNode c = check(doc, name);
        assertThat(c.path("observed").asText()).as(name).isEqualTo(observed);
        assertThat(c.path("observedErrno").isNull() ? null : c.path("observedErrno").asText()).as(name)
                .isEqualTo(errno);
        assertThat(c.path("verdict").asText()).as(name).isEqualTo(verdict);
    }

    @Test
    void hostNoexecAndNodevTmpfsRefuseWhatTheFlagsSay() throws IOException {
        Path noexec = tmpfs("noexec", MS_NOEXEC);
        JsonNode d = diagnose(0, noexec.toString());
        assertThat(d.path("mount").path("flags").toString()).contains("noexec");
        seen(d, "exec", "refused", "EACCES", "as-predicted");
        seen(d, "mmap_exec", "refused", "EPERM", "as-predicted");
        seen(d, "device", "allowed", null, "as-predicted");
        seen(d, "setid", "skipped", "EACCES", "unverified");
        seen(d, "write", "allowed", null, "as-predicted");
        assertThat(d.path("problem").asBoolean()).isFalse();

        Path nodev = tmpfs("nodev", MS_NODEV);
        JsonNode n = diagnose(0, nodev.toString());
        seen(n, "device", "refused", "EACCES", "as-predicted");
        seen(n, "exec", "allowed", null, "as-predicted");
        seen(n, "setid", "honoured", null, "as-predicted");
        try (Stream<Path> left = Files.list(noexec); Stream<Path> left2 = Files.list(nodev)) {
            assertThat(Stream.concat(left, left2)).as("the probe removes what it creates").isEmpty();
        }
    }

    @Test
    void hostReadOnlyMountRefusesWritesAndLeavesTheRestUnverified() throws IOException {
        Path ro = tmpfs("ro", 0);
        Libc.mount(null, ro.toString(), null, MS_REMOUNT | MS_RDONLY, "size=4m");
        JsonNode d = diagnose(0, ro.toString());
        seen(d, "write", "refused", "EROFS", "as-predicted");
        seen(d, "exec", "skipped", "EROFS", "unverified");
    }

    @Test
    void insideASandboxTheNoexecNodevTmpfsAndTheOverlayRootAreProbedThere() throws Exception {
        CliRun run = CliRun.of("run", root, "-d", "--name", "fsbox", "--tmpfs", "/scratch:noexec,nodev",
                "builtin:busybox", "--", "sleep", "600");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode s = diagnose(0, "--sandbox", "fsbox", "/scratch");
        assertThat(s.path("sandbox").asText()).isEqualTo(run.out().strip());
        assertThat(s.path("mount").path("mountPoint").asText()).isEqualTo("/scratch");
        seen(s, "exec", "refused", "EACCES", "as-predicted");
        seen(s, "mmap_exec", "refused", "EPERM", "as-predicted");
        seen(s, "device", "refused", "EACCES", "as-predicted");

        JsonNode o = diagnose(0, "--sandbox", "fsbox", "/etc");
        assertThat(o.path("mount").path("fsType").asText()).isEqualTo("overlay");
        seen(o, "copyup", "copied-up", null, "as-predicted");
        seen(o, "exec", "allowed", null, "as-predicted");
        assertThat(o.path("leftBehind").get(0).asText()).endsWith("/etc");
        CliRun ls = CliRun.of("exec", root, "fsbox", "--", "ls", "-a", "/etc", "/scratch");
        assertThat(ls.out()).doesNotContain(".edgefusion-probe");
    }

    @Test
    void aReadOnlyRootRefusesWritesInsideTheSandbox() throws Exception {
        CliRun run = CliRun.of("run", root, "-d", "--name", "robox", "--read-only", "builtin:busybox", "--",
                "sleep", "600");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode d = diagnose(0, "--sandbox", "robox", "/etc");
        seen(d, "write", "refused", "EROFS", "as-predicted");
    }

    @Test
    void aBadTargetIsOneLineAndExit125() {
        CliRun noPath = CliRun.of("diagnose", "fs", root, tmp.resolve("absent").toString());
        assertThat(noPath.exitCode()).isEqualTo(125);
        assertThat(noPath.err().strip()).contains("no such file or directory").doesNotContain("\n");
        CliRun noBox = CliRun.of("diagnose", "fs", root, "--sandbox", "nosuchbox", "/tmp");
        assertThat(noBox.exitCode()).isEqualTo(125);
        assertThat(noBox.err().strip()).doesNotContain("\n");
    }
}
