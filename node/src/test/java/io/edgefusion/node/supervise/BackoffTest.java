package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.RestartPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private final ManualClock clock = new ManualClock();

    /** A run of {@code d} on the clock, then the delay its end gets. */
    private Duration runFor(Backoff b, Duration d) {
        Instant started = clock.instant();
        clock.advance(d);
        return b.afterExit(started, clock.instant());
    }

    @Test
    void startsAtInitialDoublesAndStopsAtMax() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(runFor(b, Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(100));
        assertThat(runFor(b, Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(200));
        assertThat(runFor(b, Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(400));
        assertThat(runFor(b, Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(800));
        assertThat(runFor(b, Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(1000));
        assertThat(runFor(b, Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void aStableRunResetsToInitial() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        runFor(b, Duration.ofMillis(1));
        runFor(b, Duration.ofMillis(1));
        assertThat(b.peek()).isEqualTo(Duration.ofMillis(400));
        // Just short of stable: no reset.
        assertThat(runFor(b, RestartPolicy.STABLE.minusMillis(1))).isEqualTo(Duration.ofMillis(400));
        // Stable: from initial again.
        assertThat(runFor(b, RestartPolicy.STABLE)).isEqualTo(Duration.ofMillis(100));
        assertThat(runFor(b, Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aWorkloadThatNeverRanDoesNotReset() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        runFor(b, Duration.ofMillis(1));
        clock.advance(Duration.ofMinutes(5));
        assertThat(b.afterExit(null, clock.instant())).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void refusesAMaxBelowInitial() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("initial PT2S");
    }
}
