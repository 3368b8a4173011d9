package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code resources --cgroup NAME|ID} finds a sandbox of the state root, and {@code --root} works before the verb
 * as docker's global options do: a non-default root's sandbox lives under that root's own cgroup parent, which is
 * what inspect prints and what resources reports — not /edgefusion/ID.
 */
@KernelTest
class ResourcesOfSandboxKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private final String root = ts.root().toString();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    @Test
    void resourcesAcceptsASandboxNameOrIdAndRootBeforeTheVerb() throws Exception {
        CliRun run = CliRun.of("--root", root, "run", "-d", "--name", "res-web", "--memory", "48m",
                "builtin:busybox", "--", "sleep", "600");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String id = run.out().strip();

        CliRun ps = CliRun.of("--root", root, "ps", "-q");
        assertThat(ps.out()).isEqualTo(id + "\n");
        assertThat(CliRun.of("--root=" + root, "ps", "-q").out()).isEqualTo(id + "\n");

        ObjectMapper json = new ObjectMapper();
        String cgroup = json.readTree(CliRun.of("--root", root, "inspect", "res-web").out()).path("sandboxes").get(0)
                .path("state").path("cgroupPath").asText();
        assertThat(cgroup).isEqualTo(ts.sandboxes().cgroupParent() + "/" + id).doesNotStartWith("/edgefusion/");

        for (String ref : new String[] {"res-web", id, id.substring(0, 12)}) {
            CliRun r = CliRun.of("--root", root, "resources", "--cgroup", ref, "--json", "--no-jdk");
            assertThat(r.exitCode()).as(ref + ": " + r.err()).isZero();
            JsonNode j = json.readTree(r.out());
            assertThat(j.path("subject").path("cgroup").asText()).as(ref).isEqualTo(cgroup);
            assertThat(j.path("limits").path("memoryMax").path("effective").asLong()).isEqualTo(48L << 20);
        }
        // After the verb as before; and the text names the real directory of the sandbox's cgroup.
        CliRun text = CliRun.of("resources", "--root", root, "--cgroup", "res-web", "--no-jdk");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains(cgroup);

        CliRun unknown = CliRun.of("--root", root, "resources", "--cgroup", "no-such-sandbox", "--no-jdk");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.RUNTIME_ERROR);
        assertThat(unknown.err()).startsWith("edgefusion: cgroup /no-such-sandbox: no such cgroup")
                .contains("no such sandbox: no-such-sandbox in " + root);
    }
}
