package io.edgefusion.runtime.spec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code -e} as run and exec read it: the caller's environment is a parameter, never the JVM's. */
class EnvAssignmentsTest {

    @Test
    void assignmentsSetInOrderAndALaterOneWins() {
        Map<String, String> env = EnvAssignments.parse("--env", List.of("A=1", "B=x=y", "A=2", "C="), Map.of());
        assertThat(env).containsExactly(Map.entry("A", "2"), Map.entry("B", "x=y"), Map.entry("C", ""));
    }

    @Test
    void aBareNamePassesTheCallersValueOrNothing() {
        Map<String, String> caller = Map.of("HOME", "/home/caller", "EMPTY", "");
        assertThat(EnvAssignments.parse("--env", List.of("HOME", "EMPTY", "UNSET_IN_CALLER"), caller))
                .containsExactly(Map.entry("HOME", "/home/caller"), Map.entry("EMPTY", ""));
    }

    @Test
    void anEmptyNameIsRefusedNamingTheFlagAndTheAssignment() {
        assertThatThrownBy(() -> EnvAssignments.parse("--env", List.of("A=1", "=x"), Map.of()))
                .isInstanceOf(EnvAssignmentException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--env =x: empty variable name")
                .satisfies(e -> {
                    assertThat(((EnvAssignmentException) e).assignment()).isEqualTo("=x");
                    assertThat(((EnvAssignmentException) e).reason()).isEqualTo("empty variable name");
                });
    }

    @Test
    void aConfigListSkipsEntriesWithoutAName() {
        assertThat(EnvAssignments.ofConfig(List.of("PATH=/bin", "=bad", "NOEQ", "X=1=2")))
                .containsExactly(Map.entry("PATH", "/bin"), Map.entry("X", "1=2"));
    }
}
