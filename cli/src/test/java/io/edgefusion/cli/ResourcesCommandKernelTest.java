package io.edgefusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.kernel.cgroup.Controller;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.kernel.testing.Processes;
import io.edgefusion.kernel.testing.TestCgroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code edgefusion resources} on a real process in real nested cgroups reports exactly what was set. */
@KernelTest
class ResourcesCommandKernelTest {
    private static final long MIB = 1L << 20;
    private final TestCgroup tc = new TestCgroup();
    private final Processes procs = new Processes();

    @AfterEach
    void cleanUp() {
        procs.close();
        tc.close();
    }

    @Test
    void jsonReportsEachLimitItsFileAndTheBindingAncestor() throws Exception {
        CgroupManager parent = tc.create("");
        parent.apply(LimitSettings.none().withMemory(96 * MIB).withPidsMax(50).withCpuQuota(50_000, 100_000));
        CgroupManager leaf = tc.create("app");
        leaf.apply(LimitSettings.none().withMemory(256 * MIB).withCpuShares(512).withCpuset("1", "0"));
        Process p = procs.sleeper();
        leaf.addTask(p.pid());

        CliRun run = CliRun.of("resources", "--pid", Long.toString(p.pid()), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(run.out());

        assertThat(j.path("schema").asText()).isEqualTo("edgefusion.resources/v1");
        assertThat(j.path("subject").path("pid").asLong()).isEqualTo(p.pid());
        assertThat(j.path("host").path("version").asText()).isEqualTo(tc.layout().version().label());
        List<String> cgroupPaths = new ArrayList<>();
        j.path("cgroups").forEach(c -> cgroupPaths.add(c.path("controller").asText() + "=" + c.path("path").asText()));
        assertThat(cgroupPaths).contains("memory=" + leaf.path(), "pids=" + leaf.path(), "cpu=" + leaf.path());

        String parentMem = parent.paths().dir(Controller.MEMORY).orElseThrow().dir().toString();
        JsonNode mem = j.path("limits").path("memoryMax");
        assertThat(mem.path("effective").asLong()).isEqualTo(96 * MIB);
        assertThat(mem.path("leaf").path("value").asLong()).isEqualTo(256 * MIB);
        assertThat(mem.path("ancestorTighter").asBoolean()).isTrue();
        assertThat(mem.path("binding").path("file").asText()).startsWith(parentMem + "/");

        JsonNode pids = j.path("limits").path("pidsMax");
        assertThat(pids.path("effective").asLong()).isEqualTo(50);
        assertThat(pids.path("leaf").path("value").isNull()).isTrue();
        assertThat(pids.path("ancestorTighter").asBoolean()).isTrue();

        assertThat(j.path("limits").path("cpuQuota").path("effective").asLong()).isEqualTo(500_000);
        assertThat(j.path("limits").path("cpuWeight").path("shares").asLong()).isEqualTo(512);
        assertThat(j.path("limits").path("cpuWeight").path("weight").asLong()).isEqualTo(59);
        assertThat(j.path("limits").path("cpuWeight").path("weightLinear").asLong()).isEqualTo(20);
        assertThat(j.path("limits").path("cpuset").path("effective").asText()).isEqualTo("1");

        assertThat(j.path("effective").path("memoryLimit").asLong()).isEqualTo(96 * MIB);
        assertThat(j.path("effective").path("usableCpus").asText()).isEqualTo("1");
        JsonNode rt = j.path("runtime");
        assertThat(rt.path("cpuCount").asInt()).isEqualTo(1);
        assertThat(rt.path("gomaxprocs").asInt()).isEqualTo(1);
        assertThat(rt.path("gomemlimit").asLong()).isEqualTo(96 * MIB * 9 / 10);
        assertThat(rt.path("environment").path("JAVA_TOOL_OPTIONS").asText())
                .isEqualTo("-XX:ActiveProcessorCount=1 -Xmx48m"); // max(48, 96 − 64 − 9.6) = 48 MiB
        assertThat(j.path("stats").path("pids").path("current").asLong()).isEqualTo(1);

        JsonNode jdk = j.path("jdk");
        assertThat(jdk.path("available").asBoolean()).as(jdk.path("reason").asText()).isTrue();
        // Found on this machine: with a limit of its own on the leaf, the JDK ignores a tighter parent.
        assertThat(jdk.path("values").path("Memory Limit").asText()).isEqualTo("256.00M");
        JsonNode memRow = row(jdk, "Memory Limit");
        assertThat(memRow.path("ours").asText()).isEqualTo("96.00M");
        assertThat(memRow.path("agrees").asBoolean()).isFalse();
        assertThat(memRow.path("explanation").asText()).contains("leaf's own limit").contains(parentMem);
        JsonNode pidsRow = row(jdk, "Maximum Processes Limit");
        assertThat(pidsRow.path("ours").asText()).isEqualTo("50");
        assertThat(pidsRow.path("agrees").asBoolean()).isFalse();
        assertThat(pidsRow.path("explanation").asText()).contains("leaf only");
        assertThat(row(jdk, "Effective CPU Count").path("agrees").asBoolean()).isTrue();
        JsonNode quota = row(jdk, "CPU Quota / Period");
        assertThat(quota.path("agrees").asBoolean()).isFalse();
        assertThat(quota.path("explanation").asText()).contains("ancestor");
    }

    private static JsonNode row(JsonNode jdk, String item) {
        for (JsonNode r : jdk.path("comparison")) {
            if (r.path("item").asText().equals(item)) {
                return r;
            }
        }
        throw new AssertionError("no comparison row " + item + " in " + jdk);
    }

    @Test
    void textNamesTheBindingFileAndFlagsTheAncestor() {
        CgroupManager parent = tc.create("");
        parent.apply(LimitSettings.none().withPidsMax(7));
        CgroupManager leaf = tc.create("app");
        Process p = procs.sleeper();
        leaf.addTask(p.pid());

        CliRun run = CliRun.of("resources", "--pid", Long.toString(p.pid()), "--no-jdk");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String pidsDir = parent.paths().dir(Controller.PIDS).orElseThrow().dir().toString();
        assertThat(run.out()).containsPattern("pids max +7 +" + java.util.regex.Pattern.quote(pidsDir + "/pids.max")
                + " +unlimited +ANCESTOR TIGHTER");
        assertThat(run.out()).contains("JDK COMPARISON: not available: skipped (--no-jdk)");
    }

    @Test
    void cgroupByPathAndByDirectoryGiveTheSameReport() throws Exception {
        CgroupManager leaf = tc.create("bypath");
        leaf.apply(LimitSettings.none().withMemory(128 * MIB));
        String dir = leaf.paths().dir(Controller.MEMORY).orElseThrow().dir().toString();
        JsonNode a = new ObjectMapper().readTree(CliRun.of("resources", "--cgroup", leaf.path(), "--json",
                "--no-jdk").out());
        JsonNode b = new ObjectMapper().readTree(CliRun.of("resources", "--cgroup", dir, "--json", "--no-jdk").out());
        assertThat(a.path("subject").path("cgroup").asText()).isEqualTo(leaf.path());
        assertThat(b.path("subject").path("cgroup").asText()).isEqualTo(leaf.path());
        assertThat(a.path("limits").path("memoryMax").path("effective").asLong()).isEqualTo(128 * MIB);
        assertThat(b.path("limits")).isEqualTo(a.path("limits"));
    }
}
