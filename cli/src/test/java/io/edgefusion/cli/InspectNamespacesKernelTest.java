package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.cli.json.SchemaCheck;
import io.edgefusion.kernel.net.Links;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inspect --namespaces} on real sandboxes: one with its own network namespace and a --hostname, one with
 * --network host, one rootless; the values come from the JSON document (checked against its schema) and are set
 * against what the test reads itself. A SysV segment the test makes in the host's IPC namespace (and removes)
 * must not be seen inside.
 */
@KernelTest
class InspectNamespacesKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final String root = "--root=" + ts.root();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> shmIds = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (String id : shmIds) {
            new ProcessBuilder("ipcrm", "-m", id).inheritIO().start().waitFor();
        }
        ts.close();
    }

    private String run(String... args) {
        String[] full = Stream.concat(Stream.of("run", root, "-d"), Stream.of(args)).toArray(String[]::new);
        CliRun r = CliRun.of(full);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().strip();
    }

    private JsonNode namespaces(String sandbox) throws IOException {
        CliRun r = CliRun.of("inspect", root, "--namespaces", "--json", sandbox);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = json.readTree(r.out());
        assertThat(new SchemaCheck(JsonDocumentsKernelTest.DOCS).problems("inspect.namespaces.schema.json", doc))
                .as(doc.toPrettyString()).isEmpty();
        return doc;
    }

    private static boolean own(JsonNode doc, String type) {
        for (JsonNode n : doc.path("namespaces")) {
            if (n.path("type").asText().equals(type)) {
                return n.path("own").asBoolean();
            }
        }
        throw new AssertionError("no " + type + " namespace in " + doc.toPrettyString());
    }

    private static List<String> names(JsonNode interfaces) {
        List<String> out = new ArrayList<>();
        interfaces.forEach(i -> out.add(i.path("name").asText()));
        return out;
    }

    /** A SysV segment in the test's (the host's) IPC namespace, removed in teardown; its id. */
    private String hostShm() throws Exception {
        Process p = new ProcessBuilder("ipcmk", "-M", "4096").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Matcher m = Pattern.compile("id: (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        shmIds.add(m.group(1));
        return m.group(1);
    }

    private List<String> passwdNames(String sandbox) {
        CliRun cat = CliRun.of("exec", root, sandbox, "--", "cat", "/etc/passwd");
        assertThat(cat.exitCode()).as(cat.err()).isZero();
        return cat.out().lines().filter(l -> l.contains(":")).map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    @Test
    void ownNetworkUtsAndIpcNamespacesShowOnlyTheSandboxsView() throws Exception {
        String shm = hostShm();
        String id = run("--name", "nsown", "--hostname", "inner.example", "builtin:busybox", "--", "sleep", "600");
        JsonNode doc = namespaces("nsown");
        JsonNode d = doc.path("details");
        long pid = ts.sandboxes().inspect(id).pid();
        assertThat(doc.path("sandbox").asText()).isEqualTo(id);
        assertThat(doc.path("pid").asLong()).isEqualTo(pid);
        for (String t : List.of("net", "uts", "ipc", "pid", "mnt")) {
            assertThat(own(doc, t)).as(t).isTrue();
        }
        assertThat(own(doc, "user")).as("rootful: the host's user namespace").isFalse();

        assertThat(d.path("pid").path("inside").path("pid").asLong()).isEqualTo(1);
        assertThat(d.path("pid").path("host").path("pid").asLong()).isEqualTo(pid);
        assertThat(d.path("pid").path("inside").path("parent").asLong()).as("parent outside the pid ns").isZero();
        assertThat(d.path("pid").path("host").path("parent").asLong())
                .isEqualTo(ProcessHandle.of(pid).orElseThrow().parent().orElseThrow().pid());

        assertThat(d.path("hostname").path("inside").asText()).isEqualTo("inner.example");
        assertThat(d.path("hostname").path("host").asText())
                .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());

        assertThat(names(d.path("interfaces").path("inside"))).containsExactly("lo");
        assertThat(names(d.path("interfaces").path("host")))
                .containsExactlyElementsOf(Links.names(ProcessHandle.current().pid()));
        assertThat(d.path("interfaces").path("inside").get(0).path("addresses").toString()).contains("127.0.0.1");

        List<String> users = new ArrayList<>();
        d.path("users").path("inside").forEach(u -> users.add(u.asText()));
        assertThat(users).containsExactlyElementsOf(passwdNames("nsown"));
        assertThat(d.path("uid").path("inside").asLong()).isZero();
        assertThat(d.path("userName").path("inside").asText()).isEqualTo("root");

        assertThat(d.path("sysvIpc").path("host").path("shm").toString()).contains("/" + shm + "\"");
        assertThat(d.path("sysvIpc").path("inside").path("shm")).as("the host's segment is not inside").isEmpty();
        assertThat(d.path("cgroup").path("inside").toString()).contains("0::/\"");
        assertThat(d.path("cgroup").path("host").toString()).contains(id);
        assertThat(d.path("mounts").path("inside").path("rootFsType").asText()).isEqualTo("overlay");

        CliRun table = CliRun.of("inspect", root, "--namespaces", "nsown");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("OWN/SHARED").containsPattern("hostname +inner\\.example +\\S+ +\\*")
                .containsPattern("net +net:\\[\\d+] +net:\\[\\d+] +own");
    }

    @Test
    void hostNetworkIsSharedAndShowsTheHostsInterfaces() throws Exception {
        run("--name", "nshost", "--network", "host", "builtin:busybox", "--", "sleep", "600");
        JsonNode doc = namespaces("nshost");
        JsonNode d = doc.path("details");
        assertThat(own(doc, "net")).isFalse();
        assertThat(own(doc, "uts")).isTrue();
        assertThat(names(d.path("interfaces").path("inside")))
                .containsExactlyElementsOf(Links.names(ProcessHandle.current().pid()));
        assertThat(d.path("interfaces").path("inside")).isEqualTo(d.path("interfaces").path("host"));
        JsonNode row = null;
        for (JsonNode r : doc.path("rows")) {
            if (r.path("item").asText().equals("interfaces")) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.path("differs").asBoolean()).isFalse();
    }

    @Test
    void rootlessShowsItsOwnUserNamespaceAndIdMaps() throws Exception {
        run("--name", "nsroot", "--rootless", "builtin:busybox", "--", "sleep", "600");
        JsonNode doc = namespaces("nsroot");
        JsonNode d = doc.path("details");
        assertThat(own(doc, "user")).isTrue();
        assertThat(d.path("uidMap").path("inside").toString()).isEqualTo("[\"0 100000 65536\"]");
        assertThat(d.path("gidMap").path("inside").toString()).isEqualTo("[\"0 100000 65536\"]");
        assertThat(d.path("uidMap").path("host").toString()).isEqualTo("[\"0 0 4294967295\"]");
        assertThat(d.path("uid").path("inside").asLong()).isZero();
        assertThat(d.path("uid").path("host").asLong()).isEqualTo(100000);
        assertThat(d.path("userName").path("inside").asText()).isEqualTo("root");
        assertThat(d.path("hostname").path("inside").asText()).as("UTS joined through its user namespace")
                .isEqualTo(doc.path("sandbox").asText().substring(0, 12));
    }

    @Test
    void aBadTargetIsOneLineAndExit125() {
        CliRun none = CliRun.of("inspect", root, "--namespaces", "nosuchbox");
        assertThat(none.exitCode()).isEqualTo(125);
        assertThat(none.err().strip()).contains("no such sandbox").doesNotContain("\n");
        assertThat(none.out()).isEmpty();

        CliRun done = CliRun.of("run", root, "--name", "nsdone", "builtin:busybox", "--", "true");
        assertThat(done.exitCode()).as(done.err()).isZero();
        CliRun exited = CliRun.of("inspect", root, "--namespaces", "--json", "nsdone");
        assertThat(exited.exitCode()).isEqualTo(125);
        assertThat(exited.err().strip()).contains("not running").doesNotContain("\n");
        assertThat(exited.out()).isEmpty();

        CliRun two = CliRun.of("inspect", root, "--namespaces", "nsdone", "nosuchbox");
        assertThat(two.exitCode()).isEqualTo(125);
        assertThat(two.err().strip()).contains("one SANDBOX").doesNotContain("\n");
    }
}
