package io.edgefusion.guardian.check;

import io.edgefusion.platform.contract.Stage;
import io.edgefusion.platform.contract.StageRules;

import java.time.Duration;
import java.util.Optional;

/**
 * How often a workload's checks run. Each stage has a default (development 5 s, pre-release 2 s, production 1 s;
 * 1 s when no stage is known); the contract's {@code interval_seconds} for the stage is the slowest it permits
 * (a ceiling, never a reason to check less often than the default); a deployment's {@code guardian.interval}
 * may tighten it but not loosen it past the stage's.
 */
public final class CheckInterval {
    public static final Duration DEFAULT = Duration.ofSeconds(1);

    private CheckInterval() {
    }

    public static Duration stageDefault(Stage s) {
        return switch (s) {
            case DEVELOPMENT -> Duration.ofSeconds(5);
            case PRE_RELEASE -> Duration.ofSeconds(2);
            case PRODUCTION -> Duration.ofSeconds(1);
        };
    }

    /** The interval for a workload at {@code rules}' stage (empty: no stage) with its deployment's request. */
    public static Duration of(Optional<StageRules> rules, Optional<Duration> requested) {
        Duration stage = rules.map(r -> {
            Duration d = stageDefault(r.stage());
            Duration ceiling = r.intervalSeconds() > 0 ? Duration.ofSeconds(r.intervalSeconds()) : d;
            return d.compareTo(ceiling) <= 0 ? d : ceiling;
        }).orElse(DEFAULT);
        return requested.filter(d -> d.compareTo(stage) < 0).orElse(stage);
    }

    /** Whether the contract's run-time checks count at this stage ({@code runtime: none} reports but never trips). */
    public static boolean contractEnforced(Optional<StageRules> rules) {
        return rules.map(r -> r.runtime() != StageRules.Runtime.NONE).orElse(true);
    }
}
