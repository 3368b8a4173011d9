package io.edgefusion.node.supervise;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransitionTableTest {
    @Test
    void everyListedTransitionIsAllowedAndEmitsItsEvent() {
        RecordingEvents events = new RecordingEvents();
        StateChanges changes = new StateChanges(events, new ManualClock());
        for (TransitionTable.Transition t : TransitionTable.ALL) {
            assertThat(TransitionTable.allowed(t.from(), t.to())).as(t.toString()).isTrue();
            assertThat(changes.move("d/w", t.from(), t.to(), Map.of("revision", "1"))).isEqualTo(t.to());
        }
        assertThat(events.all()).hasSize(TransitionTable.ALL.size());
        for (int i = 0; i < TransitionTable.ALL.size(); i++) {
            assertThat(events.all().get(i).type()).isEqualTo("workload." + TransitionTable.ALL.get(i).to().label());
            assertThat(events.all().get(i).subject()).isEqualTo("d/w");
        }
    }

    @Test
    void eachTransitionIsListedOnceAndNothingElseIsAllowed() {
        Set<String> seen = new HashSet<>();
        for (TransitionTable.Transition t : TransitionTable.ALL) {
            assertThat(seen.add(t.from() + ">" + t.to())).as("listed once: " + t).isTrue();
            assertThat(t.from()).isNotEqualTo(t.to());
        }
        int allowed = 0;
        for (WorkloadState a : WorkloadState.values()) {
            for (WorkloadState b : WorkloadState.values()) {
                allowed += TransitionTable.allowed(a, b) ? 1 : 0;
            }
        }
        assertThat(allowed).isEqualTo(TransitionTable.ALL.size());
    }

    @Test
    void everyStateButStoppedCanBeStopped() {
        for (WorkloadState s : WorkloadState.values()) {
            assertThat(TransitionTable.allowed(s, WorkloadState.STOPPED)).as(s.label())
                    .isEqualTo(s != WorkloadState.STOPPED);
        }
    }

    @ParameterizedTest(name = "{0} -> {1} is illegal")
    @CsvSource({"STOPPED, RUNNING", "EXITED, RUNNING", "BACKOFF, RUNNING", "STARTING, HEALTHY", "EXITED, HEALTHY",
            "STOPPED, EXITED", "HEALTHY, STARTING", "HEALTHY, RUNNING", "RUNNING, BACKOFF", "RUNNING, RUNNING"})
    void illegalTransitionsAreATypedErrorAndEmitNothing(WorkloadState from, WorkloadState to) {
        RecordingEvents events = new RecordingEvents();
        StateChanges changes = new StateChanges(events, new ManualClock());
        assertThatThrownBy(() -> changes.move("line/api", from, to, Map.of()))
                .isInstanceOfSatisfying(TransitionTable.IllegalTransition.class, e -> {
                    assertThat(e.from()).isEqualTo(from);
                    assertThat(e.to()).isEqualTo(to);
                })
                .hasMessage("line/api: no transition " + from.label() + " -> " + to.label());
        assertThat(events.all()).isEmpty();
    }

    @Test
    void labelsRoundTrip() {
        for (WorkloadState s : WorkloadState.values()) {
            assertThat(WorkloadState.ofLabel(s.label())).isEqualTo(s);
        }
        assertThatThrownBy(() -> WorkloadState.ofLabel("zombie")).hasMessageContaining("zombie");
    }
}
