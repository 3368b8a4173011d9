package io.edgefusion.node.deploy;

import io.edgefusion.node.NodePaths;
import io.edgefusion.node.deploy.Revisions.Proposal;
import io.edgefusion.node.store.NodeDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

import static io.edgefusion.node.deploy.RevisionStatus.FAILED;
import static io.edgefusion.node.deploy.RevisionStatus.PENDING;
import static io.edgefusion.node.deploy.RevisionStatus.ROLLED_BACK;
import static io.edgefusion.node.deploy.RevisionStatus.ROLLED_OUT;
import static io.edgefusion.node.deploy.RevisionStatus.ROLLING_OUT;
import static io.edgefusion.node.deploy.RevisionStatus.SUPERSEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Revisions in a real SQLite database under a temp state root. */
class RevisionsTest {
    @TempDir
    Path root;

    private final AtomicLong now = new AtomicLong(1_796_000_000_000L);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private NodeDatabase db;
    private Revisions revisions;

    @BeforeEach
    void open() {
        db = NodeDatabase.open(new NodePaths(root));
        revisions = new Revisions(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Deployment app() {
        return new Deployment("app", List.of(new WorkloadSpec("api", new WorkloadSpec.Source.Image("demo/api:1"),
                List.of(), java.util.Map.of(), Resources.none(), RestartPolicy.no(), java.util.Optional.empty(),
                List.of())));
    }

    private int deploy(String text, Rollouts.Outcome outcome) {
        return roll(revisions.propose(app(), text, "/d/app.yaml", OptionalInt.empty(),
                cur -> cur.text().equals(text)), outcome);
    }

    private int roll(Proposal p, Rollouts.Outcome outcome) {
        int n = ((Proposal.Created) p).revision().number();
        assertThat(revisions.revision("app", n).orElseThrow().status()).isEqualTo(PENDING);
        assertThat(revisions.start("app", n).status()).isEqualTo(ROLLING_OUT);
        revisions.finish("app", n, outcome);
        return n;
    }

    private List<RevisionStatus> statuses() {
        return revisions.history("app").stream().map(Revision::status).toList();
    }

    @Test
    void eachDeployIsTheNextRevisionAndTheNewestRolledOutIsCurrent() {
        assertThat(deploy("v1", new Rollouts.Outcome.RolledOut())).isEqualTo(1);
        now.addAndGet(1000);
        assertThat(deploy("v2", new Rollouts.Outcome.RolledOut())).isEqualTo(2);
        DeploymentRecord d = revisions.find("app").orElseThrow();
        assertThat(d.currentNumber()).hasValue(2);
        assertThat(d.state()).isEqualTo(DeploymentRecord.State.ACTIVE);
        assertThat(d.created()).isEqualTo(Instant.ofEpochMilli(1_796_000_000_000L));
        assertThat(d.updated()).isEqualTo(Instant.ofEpochMilli(1_796_000_001_000L));
        assertThat(statuses()).containsExactly(SUPERSEDED, ROLLED_OUT);
        Revision r2 = revisions.revision("app", 2).orElseThrow();
        assertThat(r2.text()).isEqualTo("v2");
        assertThat(r2.path()).isEqualTo("/d/app.yaml");
        assertThat(r2.workloads()).containsExactly("api");
        assertThat(r2.created()).isEqualTo(Instant.ofEpochMilli(1_796_000_001_000L));
        assertThat(revisions.desired()).extracting(Revision::number).containsExactly(2);
    }

    @Test
    void theSameFileAgainIsANoOpButAfterAFailureItIsRetried() {
        deploy("v1", new Rollouts.Outcome.RolledOut());
        Proposal again = revisions.propose(app(), "v1", "/d/app.yaml", OptionalInt.empty(),
                cur -> cur.text().equals("v1"));
        assertThat(again).isInstanceOf(Proposal.Unchanged.class);
        assertThat(((Proposal.Unchanged) again).current().number()).isEqualTo(1);
        assertThat(revisions.history("app")).hasSize(1);

        assertThat(deploy("v2", new Rollouts.Outcome.Failed("api: unhealthy"))).isEqualTo(2);
        assertThat(revisions.find("app").orElseThrow().currentNumber()).as("a failed rollout leaves the old one current")
                .hasValue(1);
        assertThat(revisions.revision("app", 2).orElseThrow().reason()).hasValue("api: unhealthy");
        assertThat(deploy("v2", new Rollouts.Outcome.RolledOut())).as("compared with what runs, not what failed")
                .isEqualTo(3);
        assertThat(statuses()).containsExactly(SUPERSEDED, FAILED, ROLLED_OUT);
    }

    @Test
    void rollbackReappliesOldContentAsANewRevisionAndMarksTheUndoneOne() {
        deploy("v1", new Rollouts.Outcome.RolledOut());
        deploy("v2", new Rollouts.Outcome.RolledOut());
        deploy("v3", new Rollouts.Outcome.Failed("boom"));
        Revision target = revisions.previous("app").orElseThrow();
        assertThat(target.number()).as("the one before current that ran; failed ones are skipped").isEqualTo(1);
        int n = roll(revisions.propose(app(), target.text(), target.path(), OptionalInt.of(target.number()),
                cur -> false), new Rollouts.Outcome.RolledOut());
        assertThat(n).isEqualTo(4);
        Revision r4 = revisions.revision("app", 4).orElseThrow();
        assertThat(r4.text()).isEqualTo("v1");
        assertThat(r4.rollbackOf()).hasValue(1);
        assertThat(statuses()).containsExactly(SUPERSEDED, ROLLED_BACK, FAILED, ROLLED_OUT);
        assertThat(revisions.previous("app").orElseThrow().number()).as("rollback twice toggles back").isEqualTo(2);
    }

    @Test
    void undeployRemovesTheDesiredStateKeepsHistoryAndNumbersGoOn() {
        deploy("v1", new Rollouts.Outcome.RolledOut());
        assertThat(revisions.remove("app")).isTrue();
        assertThat(revisions.remove("app")).as("already removed").isFalse();
        assertThat(revisions.remove("nope")).isFalse();
        DeploymentRecord d = revisions.find("app").orElseThrow();
        assertThat(d.state()).isEqualTo(DeploymentRecord.State.REMOVED);
        assertThat(d.current()).isEmpty();
        assertThat(revisions.list(false)).isEmpty();
        assertThat(revisions.list(true)).extracting(DeploymentRecord::name).containsExactly("app");
        assertThat(revisions.desired()).isEmpty();
        assertThat(revisions.previous("app")).isEmpty();

        assertThat(deploy("v1", new Rollouts.Outcome.RolledOut())).as("not a no-op: nothing runs").isEqualTo(2);
        assertThat(revisions.find("app").orElseThrow().state()).isEqualTo(DeploymentRecord.State.ACTIVE);
    }

    @Test
    void transitionsAreCheckedAndAWrongOneChangesNothing() {
        Proposal p = revisions.propose(app(), "v1", "/d/app.yaml", OptionalInt.empty(), cur -> false);
        int n = ((Proposal.Created) p).revision().number();
        assertThat(revisions.unfinished()).extracting(Revision::status).containsExactly(PENDING);
        assertThatThrownBy(() -> revisions.finish("app", n, new Rollouts.Outcome.RolledOut()))
                .hasMessage("app revision 1 is pending, not rolling-out");
        revisions.start("app", n);
        assertThat(revisions.unfinished()).extracting(Revision::status).containsExactly(ROLLING_OUT);
        assertThatThrownBy(() -> revisions.start("app", n)).hasMessage("app revision 1 is rolling-out, not pending");
        assertThat(revisions.find("app").orElseThrow().current()).isEmpty();
        assertThat(revisions.find("app").orElseThrow().latest().number()).isEqualTo(1);
    }

    @Test
    void itAllSurvivesReopeningTheDatabase() {
        deploy("v1", new Rollouts.Outcome.RolledOut());
        deploy("v2", new Rollouts.Outcome.Failed("why"));
        db.close();
        db = NodeDatabase.open(new NodePaths(root));
        revisions = new Revisions(db, clock);
        assertThat(statuses()).containsExactly(ROLLED_OUT, FAILED);
        assertThat(revisions.find("app").orElseThrow().currentNumber()).hasValue(1);
    }
}
