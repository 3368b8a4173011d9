package io.edgefusion.node.guard;

import io.edgefusion.guardian.breaker.Trip;
import io.edgefusion.guardian.breaker.TripStep;
import io.edgefusion.guardian.breaker.TripStore;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.node.NodePaths;
import io.edgefusion.node.deploy.Revision;
import io.edgefusion.node.deploy.RevisionStatus;
import io.edgefusion.node.deploy.Revisions;
import io.edgefusion.node.store.NodeDatabase;
import io.edgefusion.node.supervise.NodeCheckpoints;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node SIGKILLed in the middle of a trip's rollback, then a new node on the root: the trip is finished exactly
 * once — one rollback revision, rolled out; the faulty revision rolled back; its sandbox snapshotted and removed;
 * nothing doubled or left behind.
 */
@KernelTest
class GuardianCrashKernelTest {
    private final TestSandboxes ts = new TestSandboxes();

    @AfterEach
    void tearDown() {
        ts.close();
    }

    private Process child(String phase, String checkpoint) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                GuardianNodeMain.class.getName(), ts.root().toString(), work().toString(), phase));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(NodeCheckpoints.VARIABLE);
        if (checkpoint != null) {
            pb.environment().put(NodeCheckpoints.VARIABLE, checkpoint);
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectError(ts.root().resolve(phase + ".err").toFile()); // its log, for a failure's message
        }
        return pb.start();
    }

    private Path work() throws Exception {
        return Files.createDirectories(ts.root().resolve("work"));
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"guardian-rollback-recorded", "guardian-rolled-back"})
    void aNodeKilledMidRollbackFinishesTheTripExactlyOnce(String checkpoint) throws Exception {
        Process first = child("fault", checkpoint);
        try (BufferedReader err = new BufferedReader(new InputStreamReader(first.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null && !line.equals("checkpoint " + checkpoint)) {
                // the node's log until the checkpoint
            }
            assertThat(line).as("the node reached " + checkpoint).isEqualTo("checkpoint " + checkpoint);
        }
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Process next = child("resume", null);
        String out = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(next.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(next.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo("resumed");

        try (NodeDatabase db = NodeDatabase.open(new NodePaths(ts.root()))) {
            List<Revision> history = new Revisions(db, InstantSource.system()).history("shop");
            List<Trip> all = new TripStore(db).of(GuardianFaultKernelTest.W);
            String log = Files.readString(ts.root().resolve("resume.err"));
            assertThat(history).as(log + "\n" + history.stream().map(r -> r.number() + " " + r.status() + " of "
                    + r.rollbackOf() + " at " + r.created() + " " + r.reason()).toList() + " trips " + all)
                    .extracting(Revision::number).containsExactly(1, 2, 3);
            assertThat(history.get(1).status()).isEqualTo(RevisionStatus.ROLLED_BACK);
            assertThat(history.get(1).reason()).hasValueSatisfying(r -> assertThat(r).startsWith("guardian: "));
            assertThat(history.get(2).status()).isEqualTo(RevisionStatus.ROLLED_OUT);
            assertThat(history.get(2).rollbackOf()).hasValue(1);
            List<Trip> trips = new TripStore(db).of(GuardianFaultKernelTest.W);
            assertThat(trips).hasSize(1);
            Trip t = trips.getFirst();
            assertThat(t.finishedAt()).isPresent();
            for (TripStep step : TripStep.values()) {
                assertThat(t.step(step).status()).as(step.label() + ": " + t.step(step).result()).isEqualTo(Trip.Status.DONE);
            }
            assertThat(t.step(TripStep.ROLLBACK).attempts()).as("the rollback step").isBetween(1, 2);
        }
        assertThat(ts.sandboxes().list()).extracting(SandboxState::name).containsExactly("shop-app-r3");
    }
}
