package io.edgefusion.guardian.config;

import io.edgefusion.guardian.breaker.BreakerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GuardianSectionTest {
    @Test
    void readsTheDocumentedShape() {
        GuardianSection.Result r = GuardianSection.parse("deploy.yaml", """
                name: web
                guardian:
                  interval: 500ms
                  stable: 1m
                  prevent: off
                  breaker: {failures: 5, window: 1m, cooldown: 2s, probe: 3s}
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().prevent()).isEqualTo(GuardianConfig.Prevent.OFF);
        assertThat(r.config().interval()).contains(Duration.ofMillis(500));
        assertThat(r.config().stable()).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.config().breaker()).isEqualTo(new BreakerConfig(5, Duration.ofMinutes(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3)));
    }

    @Test
    void defaultsWithoutASection() {
        GuardianSection.Result r = GuardianSection.parse("deploy.yaml", "name: web\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().interval()).isEqualTo(Optional.empty());
        assertThat(r.config().breaker()).isEqualTo(BreakerConfig.defaults());
        assertThat(r.config().stable()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.config().prevent()).isEqualTo(GuardianConfig.Prevent.BIND);
    }

    @Test
    void mistakesAreReportedAtTheirLineAndColumn() {
        GuardianSection.Result r = GuardianSection.parse("deploy.yaml", """
                guardian:
                  intervall: 1s
                  prevent: always
                  breaker:
                    failures: 0
                    window: 30
                """);
        assertThat(r.problems()).containsExactly(
                "deploy.yaml:2:3: unknown key 'guardian.intervall' (did you mean 'interval'?)",
                "deploy.yaml:3:12: 'guardian.prevent' always: must be bind or off",
                "deploy.yaml:5:15: 'guardian.breaker.failures' must be at least 1, got 0",
                "deploy.yaml:6:13: 'guardian.breaker.window' 30: expected a duration like 100ms, 1s or 2m");
        assertThat(r.config().breaker()).isEqualTo(BreakerConfig.defaults());
    }
}
