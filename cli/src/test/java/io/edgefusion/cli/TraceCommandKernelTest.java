package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code trace --compare} on real sandboxes and the host, through the CLI in-process. */
@KernelTest
class TraceCommandKernelTest {
    @TempDir
    Path tmp;

    private final TestSandboxes ts = new TestSandboxes();
    private final String root = "--root=" + ts.root();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private JsonNode trace(int expectedExit, String... args) throws Exception {
        String[] full = new String[args.length + 4];
        full[0] = "trace";
        full[1] = root;
        full[2] = "--compare";
        full[3] = "--json";
        System.arraycopy(args, 0, full, 4, args.length);
        CliRun r = CliRun.of(full);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(expectedExit);
        return json.readTree(r.out());
    }

    private static JsonNode difference(JsonNode doc, String path) {
        for (JsonNode d : doc.path("differences")) {
            if (d.path("path").asText().equals(path)) {
                return d;
            }
        }
        throw new AssertionError(path + " not among the differences:\n" + doc.path("differences").toPrettyString());
    }

    @Test
    void aFileOnlyOnTheHostIsEnoentInsideAndFoundOutside() throws Exception {
        Path only = Files.writeString(tmp.resolve("only-on-host-" + UUID.randomUUID()), "host\n");
        JsonNode doc = trace(1, "builtin:busybox", "--", "cat", only.toString());
        assertThat(doc.path("schema").asText()).isEqualTo("edgefusion.trace/v1");
        assertThat(doc.path("inside").path("kind").asText()).isEqualTo("sandbox");
        assertThat(doc.path("inside").path("exitCode").asInt()).as("busybox cat of a missing file").isOne();
        assertThat(doc.path("outside").path("kind").asText()).isEqualTo("host");
        assertThat(doc.path("outside").path("exitCode").asInt()).isZero();
        JsonNode d = difference(doc, only.toString());
        assertThat(d.path("op").asText()).isEqualTo("open");
        assertThat(d.path("kind").asText()).isEqualTo("missing-inside");
        assertThat(d.path("inside").path("result").asText()).isEqualTo("error");
        assertThat(d.path("inside").path("errno").asText()).isEqualTo("ENOENT");
        assertThat(d.path("outside").path("result").asText()).isEqualTo("found");
        assertThat(d.path("outside").path("resolved").asText()).isEqualTo(only.toRealPath().toString());
        assertThat(d.path("outside").path("inode").asLong()).as("GNU cat fstats what it opened")
                .isEqualTo(Files.getAttribute(only, "unix:ino"));
        assertThat(doc.path("onlyInside").findValuesAsText("op")).as("the helper's PATH search").contains("exec");
    }

    @Test
    void theSamePathIsAnotherFileInsideUnlessItIsBoundFromTheHost() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Path f = Files.writeString(dir.resolve("f"), "same file\n");
        JsonNode doc = trace(1, "-v", dir + ":" + dir + ":ro", "builtin:busybox", "--", "stat", "/etc/passwd",
                f.toString());
        JsonNode passwd = difference(doc, "/etc/passwd");
        assertThat(passwd.path("op").asText()).isEqualTo("stat");
        assertThat(passwd.path("kind").asText()).isEqualTo("different-target");
        long hostIno = (Long) Files.getAttribute(Path.of("/etc/passwd"), "unix:ino");
        assertThat(passwd.path("outside").path("inode").asLong()).isEqualTo(hostIno);
        assertThat(passwd.path("inside").path("device").asText() + " " + passwd.path("inside").path("inode"))
                .as("the rootfs's /etc/passwd, on the sandbox's overlay")
                .isNotEqualTo(passwd.path("outside").path("device").asText() + " " + hostIno);
        assertThat(doc.path("differences").findValuesAsText("path")).as("a bind: one file, one identity")
                .doesNotContain(f.toString());
        assertThat(doc.path("same").asInt()).isPositive();
    }

    @Test
    void aCallTheSandboxesSeccompPolicyRefusesIsDeniedInsideAlsoRootless() throws Exception {
        Path policy = Files.writeString(tmp.resolve("deny-stat.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["newfstatat", "statx"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}""");
        JsonNode doc = trace(1, "--rootless", "--security-opt", "seccomp=" + policy, "builtin:busybox", "--", "stat",
                "/etc/passwd");
        JsonNode d = difference(doc, "/etc/passwd");
        assertThat(d.path("kind").asText()).isEqualTo("denied-inside");
        assertThat(d.path("inside").path("errno").asText()).isEqualTo("EPERM");
        assertThat(d.path("outside").path("result").asText()).isEqualTo("found");
    }

    @Test
    void againstASecondRootBothRunInSandboxesAndAgree() throws Exception {
        JsonNode doc = trace(0, "--against", "builtin:busybox", "builtin:busybox", "--", "cat", "/etc/group");
        assertThat(doc.path("outside").path("kind").asText()).isEqualTo("sandbox");
        assertThat(doc.path("outside").path("source").asText()).isEqualTo("builtin:busybox");
        assertThat(doc.path("differences")).isEmpty();
        assertThat(doc.path("same").asInt()).as("/etc/group and the PATH search").isGreaterThanOrEqualTo(2);
        assertThat(doc.path("onlyInside")).isEmpty();
        assertThat(doc.path("onlyOutside")).isEmpty();
    }

    @Test
    void theHumanTableAndBadInput() throws Exception {
        Path only = Files.writeString(tmp.resolve("only-" + UUID.randomUUID()), "x\n");
        CliRun text = CliRun.of("trace", root, "--compare", "builtin:busybox", "--", "cat", only.toString());
        assertThat(text.exitCode()).as(text.err()).isOne();
        assertThat(text.out()).contains("CALL").contains(only.toString()).contains("ENOENT")
                .contains("found outside, not inside");
        assertThat(ts.sandboxes().list()).as("every traced sandbox removed").isEmpty();

        CliRun noMode = CliRun.of("trace", root, "builtin:busybox", "--", "true");
        assertThat(noMode.exitCode()).isEqualTo(125);
        assertThat(noMode.err()).contains("--compare");
        CliRun missing = CliRun.of("trace", root, "--compare", tmp.resolve("nope").toString(), "--", "true");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("nope");
        CliRun badVolume = CliRun.of("trace", root, "--compare", "-v", "nodst", "builtin:busybox", "--", "true");
        assertThat(badVolume.exitCode()).isEqualTo(125);
        assertThat(badVolume.err()).contains("--volume nodst");
    }
}
