package io.edgefusion.node.supervise;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.proc.ProcStat;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.store.NodeDatabase;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node SIGKILLed at a named step of a rollout (revision 1 running, revision 2 rolling out), then a new node
 * starts on the root: the rollout is finished (or, for a failing revision, its undo is), the desired state is
 * intact, every workload has exactly one sandbox, and nothing leaks — no sandbox, state directory, cgroup,
 * mount or process beyond the workloads that run.
 */
@KernelTest
class RolloutCrashKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    /** Every sandbox process seen: pid and start time, so a reused pid is not taken for a leak. */
    private final Map<Long, Long> pidsSeen = new java.util.HashMap<>();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private Process child(Map<String, String> env, List<String> jvmFlags, boolean output, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SupervisorMain.class.getName(),
                ts.root().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(NodeCheckpoints.VARIABLE);
        pb.environment().putAll(env);
        if (!output) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        return pb.start();
    }

    /** Runs a child to its end; returns its one line of outcome. */
    private String complete(String... args) throws Exception {
        Process p = child(Map.of(), List.of(), true, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Runs a child until it reports reaching {@code checkpoint}, then SIGKILLs it. */
    private void killedAt(String checkpoint, boolean sandboxStep, String... args) throws Exception {
        Process p = sandboxStep ? child(Map.of(), List.of("-Dedgefusion.checkpoint=" + checkpoint), false, args)
                : child(Map.of(NodeCheckpoints.VARIABLE, checkpoint), List.of(), false, args);
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream()))) {
            String line;
            while ((line = err.readLine()) != null && !line.equals("checkpoint " + checkpoint)) {
                // JVM and log noise until the checkpoint
            }
            assertThat(line).as("the node reached " + checkpoint).isEqualTo("checkpoint " + checkpoint);
        }
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest(name = "killed at {0} -> resumed to revision {2}")
    @CsvSource({
            "rollout-recorded, ok, 2",
            "new-row:db, ok, 2",
            "recorded, ok, 2",          // the sandbox module's run, mid-creation of db r2 (no name yet)
            "cgroup, ok, 2",            // ... with its name reserved and its cgroup made
            "placed, ok, 2",            // ... its PID 1 placed, not yet released
            "new-started:db, ok, 2",
            "new-id-recorded:db, ok, 2",
            "new-healthy:db, ok, 2",
            "old-stop-recorded:db, ok, 2",
            "old-stopped:db, ok, 2",
            "new-row:api, ok, 2",
            "new-started:api, ok, 2",
            "new-healthy:api, ok, 2",
            "old-stopped:api, ok, 2",
            "old-rows-deleted, ok, 2",
            "done, ok, 2",
            "undo-recorded, fail, 1",
            "undo-new-stopped:api, fail, 1",
            "undo-new-stopped:db, fail, 1",
            "undo-old-restarted:db, fail, 1"})
    void aNodeKilledMidRolloutIsResumedByTheNextWithNothingLostDoubledOrLeaked(String checkpoint, String mode,
                                                                                int expected) throws Exception {
        assertThat(complete("apply", "1")).isEqualTo("applied");
        Set<String> before = ids();
        track();
        boolean sandboxStep = !checkpoint.contains("-") && !checkpoint.equals("done");
        if (mode.equals("fail")) {
            killedAt(checkpoint, sandboxStep, "apply", "2", "fail");
        } else {
            killedAt(checkpoint, sandboxStep, "apply", "2");
        }
        track();
        assertThat(complete("resume")).isEqualTo("resumed");
        track();

        // Desired state: the rollout is over, one running row per workload, of the expected revision.
        try (NodeDatabase db = NodeDatabase.open(new NodePaths(ts.root()))) {
            InstanceStore store = new InstanceStore(db, InstantSource.system());
            RolloutProgress p = store.rollout("demo").orElseThrow();
            assertThat(p.phase()).isEqualTo(expected == 2 ? RolloutProgress.Phase.DONE : RolloutProgress.Phase.FAILED);
            List<Instance> rows = store.all();
            assertThat(rows).extracting(Instance::sandboxName)
                    .containsExactlyInAnyOrder("demo-db-r" + expected, "demo-api-r" + expected);
            assertThat(rows).allMatch(i -> i.desired() == Instance.Desired.RUNNING && i.observed().live());
            // Exactly those sandboxes, running, each the one its row names.
            Map<String, SandboxState> byName = ts.sandboxes().list().stream()
                    .collect(Collectors.toMap(SandboxState::name, s -> s));
            assertThat(byName.keySet()).containsExactlyInAnyOrder("demo-db-r" + expected, "demo-api-r" + expected);
            for (Instance i : rows) {
                SandboxState s = byName.get(i.sandboxName());
                assertThat(s.status()).isEqualTo(Status.RUNNING);
                assertThat(s.id()).isEqualTo(i.sandboxId());
                assertThat(s.spec().env()).containsEntry("REVISION", Integer.toString(expected));
            }
            if (expected == 1) {
                // api r1 was never stopped: the very sandbox of before still runs.
                assertThat(before).contains(byName.get("demo-api-r1").id());
            }
        }
        assertNoLeaks(ts.sandboxes().list().stream().map(SandboxState::id).collect(Collectors.toSet()));
    }

    private Set<String> ids() {
        return ts.sandboxes().list().stream().map(SandboxState::id).collect(Collectors.toSet());
    }

    /** Remembers every sandbox process seen, to prove afterwards that the removed ones are gone. */
    private void track() {
        for (SandboxState s : ts.sandboxes().list()) {
            if (s.pid() != null && s.pidStartTicks() != null) {
                pidsSeen.put(s.pid(), s.pidStartTicks());
            }
            if (s.reaperPid() != null && s.reaperStartTicks() != null) {
                pidsSeen.put(s.reaperPid(), s.reaperStartTicks());
            }
        }
    }

    /** Only the live sandboxes have state, cgroups and processes; no mount of the root is left on the host. */
    private void assertNoLeaks(Set<String> live) throws Exception {
        try (Stream<Path> dirs = Files.list(ts.root().resolve("sandboxes"))) {
            assertThat(dirs.map(d -> d.getFileName().toString()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(live);
        }
        CgroupLayout layout = ts.sandboxes().layout();
        layout.pathsOf(ts.sandboxes().cgroupParent()).dirs().values().forEach(d -> {
            if (!Files.isDirectory(d.dir())) {
                return; // a hierarchy this root's sandboxes made nothing in
            }
            try (Stream<Path> s = Files.list(d.dir())) {
                assertThat(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                        .as("cgroups under " + d.dir()).containsExactlyInAnyOrderElementsOf(live);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(ts.root().toString());
        Set<Long> livePids = new java.util.HashSet<>();
        for (SandboxState s : ts.sandboxes().list()) {
            livePids.add(s.pid());
            livePids.add(s.reaperPid());
        }
        pidsSeen.forEach((pid, ticks) -> {
            if (!livePids.contains(pid)) {
                assertThat(ProcStat.alive(pid, ticks)).as("process " + pid + " of a removed sandbox").isFalse();
            }
        });
    }
}
