package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.RestartPolicy.Mode;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class RestartDecisionTest {
    private static boolean restart(Mode m, OptionalInt code, int restarts, OptionalInt max) {
        return RestartDecision.of(m, code, restarts, max).restart();
    }

    @Test
    void noNeverRestarts() {
        assertThat(restart(Mode.NO, OptionalInt.of(0), 0, OptionalInt.empty())).isFalse();
        assertThat(restart(Mode.NO, OptionalInt.of(1), 0, OptionalInt.empty())).isFalse();
        assertThat(restart(Mode.NO, OptionalInt.empty(), 0, OptionalInt.empty())).isFalse();
    }

    @Test
    void alwaysAlwaysRestarts() {
        assertThat(restart(Mode.ALWAYS, OptionalInt.of(0), 0, OptionalInt.empty())).isTrue();
        assertThat(restart(Mode.ALWAYS, OptionalInt.of(137), 50, OptionalInt.empty())).isTrue();
        assertThat(restart(Mode.ALWAYS, OptionalInt.empty(), 0, OptionalInt.empty())).isTrue();
    }

    @Test
    void onFailureRestartsNonZeroAndVanishedUpToItsLimit() {
        assertThat(restart(Mode.ON_FAILURE, OptionalInt.of(0), 0, OptionalInt.empty())).isFalse();
        assertThat(restart(Mode.ON_FAILURE, OptionalInt.of(1), 0, OptionalInt.empty())).isTrue();
        assertThat(restart(Mode.ON_FAILURE, OptionalInt.of(137), 0, OptionalInt.empty())).isTrue();
        assertThat(restart(Mode.ON_FAILURE, OptionalInt.empty(), 0, OptionalInt.empty())).isTrue();
        assertThat(restart(Mode.ON_FAILURE, OptionalInt.of(1), 2, OptionalInt.of(3))).isTrue();
        assertThat(restart(Mode.ON_FAILURE, OptionalInt.of(1), 3, OptionalInt.of(3))).isFalse();
        assertThat(RestartDecision.of(Mode.ON_FAILURE, OptionalInt.of(1), 3, OptionalInt.of(3)).reason())
                .isEqualTo("restart policy on-failure:3: 3 restarts used (exit code 1)");
    }
}
