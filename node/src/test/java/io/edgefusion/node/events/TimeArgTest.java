package io.edgefusion.node.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeArgTest {
    private final Instant now = Instant.parse("2026-12-01T20:33:12Z");

    @Test
    void acceptsDockersForms() {
        assertThat(TimeArg.parse("10m", now)).isEqualTo(Instant.parse("2026-12-01T20:23:12Z"));
        assertThat(TimeArg.parse("1h30m", now)).isEqualTo(Instant.parse("2026-12-01T19:03:12Z"));
        assertThat(TimeArg.parse("500ms", now)).isEqualTo(now.minusMillis(500));
        assertThat(TimeArg.parse("0s", now)).isEqualTo(now);
        assertThat(TimeArg.parse("2026-12-01T21:33:12+01:00", now)).isEqualTo(now);
        assertThat(TimeArg.parse("2026-12-01T20:33:12.123Z", now)).isEqualTo(now.plusMillis(123));
        assertThat(TimeArg.parse("1700000000.5", now)).isEqualTo(Instant.ofEpochSecond(1700000000, 500_000_000));
        assertThatThrownBy(() -> TimeArg.parse("yesterday", now)).hasMessageContaining("'yesterday'")
                .hasMessageContaining("RFC 3339");
    }
}
