package io.edgefusion.guardian.breaker;

import io.edgefusion.guardian.HandClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BreakerTableTest {
    private final HandClock clock = new HandClock();
    private final BreakerConfig config = new BreakerConfig(3, Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(5));

    @Test
    void everyTransitionOfTheTableAndNothingElse() {
        assertThat(BreakerTable.ALL).hasSize(8);
        for (BreakerState from : BreakerState.values()) {
            for (BreakerCause cause : BreakerCause.values()) {
                boolean listed = BreakerTable.ALL.stream().anyMatch(t -> t.from() == from && t.cause() == cause);
                if (listed) {
                    assertThat(BreakerTable.next("w", from, cause).from()).isEqualTo(from);
                } else {
                    assertThatThrownBy(() -> BreakerTable.next("w", from, cause))
                            .isInstanceOf(BreakerTable.IllegalBreakerTransition.class)
                            .hasMessageContaining("breaker of w").hasMessageContaining(cause.label())
                            .hasMessageContaining(from.label());
                }
            }
        }
        assertThat(BreakerTable.next("w", BreakerState.CLOSED, BreakerCause.THRESHOLD).to()).isEqualTo(BreakerState.OPEN);
        assertThat(BreakerTable.next("w", BreakerState.OPEN, BreakerCause.COOLDOWN_OVER).to())
                .isEqualTo(BreakerState.HALF_OPEN);
        assertThat(BreakerTable.next("w", BreakerState.HALF_OPEN, BreakerCause.PROBE_PASSED).to())
                .isEqualTo(BreakerState.CLOSED);
        assertThat(BreakerTable.next("w", BreakerState.HALF_OPEN, BreakerCause.PROBE_FAILED).to())
                .isEqualTo(BreakerState.OPEN);
        assertThat(BreakerTable.next("w", BreakerState.CLOSED, BreakerCause.SEVERE).to()).isEqualTo(BreakerState.OPEN);
        assertThat(BreakerTable.next("w", BreakerState.HALF_OPEN, BreakerCause.SEVERE).to())
                .isEqualTo(BreakerState.OPEN);
    }

    @Test
    void aSevereFailureOpensAtOnceAndAnOpenBreakerIgnoresIt() {
        CircuitBreaker b = new CircuitBreaker("w", config, clock);
        assertThat(b.failure("probe: timeout")).isEmpty();
        CircuitBreaker.Change c = b.severe("network.listen: 0.0.0.0:7777 is not a contract endpoint").orElseThrow();
        assertThat(c.from()).isEqualTo(BreakerState.CLOSED);
        assertThat(c.to()).isEqualTo(BreakerState.OPEN);
        assertThat(c.cause()).isEqualTo(BreakerCause.SEVERE);
        assertThat(b.severe("again")).isEmpty();
        assertThat(FailurePolicy.CONTRACT.severe(new io.edgefusion.guardian.WorkloadRef("d/w", "1", "x"),
                new io.edgefusion.guardian.check.CheckOutcome.Failed("oom", "resources.memory", "killed"))).isTrue();
        assertThat(FailurePolicy.CONTRACT.severe(new io.edgefusion.guardian.WorkloadRef("d/w", "1", "x"),
                new io.edgefusion.guardian.check.CheckOutcome.Failed("exit", "restart", "ended"))).isFalse();
    }

    @Test
    void resetOfAClosedBreakerIsIllegal() {
        CircuitBreaker b = new CircuitBreaker("web", config, clock);
        assertThatThrownBy(() -> b.reset("operator")).isInstanceOf(BreakerTable.IllegalBreakerTransition.class);
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        CircuitBreaker b = new CircuitBreaker("web", config, clock);
        assertThat(b.failure("a")).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(b.failure("b")).isEmpty();
        clock.advance(Duration.ofSeconds(11)); // the first is now 31 s old
        assertThat(b.failure("c")).isEmpty();
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
        clock.advance(Duration.ofSeconds(1));
        CircuitBreaker.Change c = b.failure("d").orElseThrow();
        assertThat(c.from()).isEqualTo(BreakerState.CLOSED);
        assertThat(c.to()).isEqualTo(BreakerState.OPEN);
        assertThat(c.cause()).isEqualTo(BreakerCause.THRESHOLD);
        assertThat(c.reason()).contains("3 failures within 30 s").contains("last: d");
    }

    @Test
    void cooldownThenProbationThenClosed() {
        CircuitBreaker b = open();
        assertThat(b.failure("while open")).isEmpty();
        clock.advance(Duration.ofSeconds(9));
        assertThat(b.tick()).isEmpty();
        assertThat(b.nextChange()).contains(clock.instant().plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.tick().orElseThrow().to()).isEqualTo(BreakerState.HALF_OPEN);
        clock.advance(Duration.ofSeconds(4));
        assertThat(b.tick()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        CircuitBreaker.Change closed = b.tick().orElseThrow();
        assertThat(closed.cause()).isEqualTo(BreakerCause.PROBE_PASSED);
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(b.view().failures()).isEmpty();
    }

    @Test
    void aFailureOnProbationOpensAgainAndRestartsTheCooldown() {
        CircuitBreaker b = open();
        clock.advance(Duration.ofSeconds(10));
        b.tick();
        clock.advance(Duration.ofSeconds(2));
        CircuitBreaker.Change c = b.failure("crashed again").orElseThrow();
        assertThat(c.cause()).isEqualTo(BreakerCause.PROBE_FAILED);
        assertThat(c.to()).isEqualTo(BreakerState.OPEN);
        clock.advance(Duration.ofSeconds(9));
        assertThat(b.tick()).isEmpty();
        assertThat(b.reset("fixed by hand").to()).isEqualTo(BreakerState.CLOSED);
    }

    private CircuitBreaker open() {
        CircuitBreaker b = new CircuitBreaker("web", config, clock);
        b.failure("1");
        b.failure("2");
        assertThat(b.failure("3")).isPresent();
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
        return b;
    }
}
