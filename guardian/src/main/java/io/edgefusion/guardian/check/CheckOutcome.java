package io.edgefusion.guardian.check;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.Json;
import io.edgefusion.platform.check.CheckResult;

import java.util.stream.Collectors;

/**
 * One check's verdict on a workload: ok, or failed with a reason a person can act on (what is wrong, where, and
 * the rule it breaks). Inconclusive means the check could not look (the process is gone, a file unreadable): not a
 * pass, and not counted against the breaker — the exit or the missing file is reported by what owns it.
 */
public sealed interface CheckOutcome {
    /** Which check, e.g. {@code network.listen}, {@code limits}, {@code oom}. */
    String check();

    record Ok(String check, String summary) implements CheckOutcome {
    }

    /**
     * @param rule   the contract or deployment rule broken ({@code network.listen}, {@code resources.memory})
     * @param reason one line: what is wrong and what to change
     */
    record Failed(String check, String rule, String reason) implements CheckOutcome {
    }

    record Inconclusive(String check, String reason) implements CheckOutcome {
    }

    default boolean failed() {
        return this instanceof Failed;
    }

    /** The platform library's result in the guardian's terms: every finding joined into the reason. */
    static CheckOutcome of(CheckResult r) {
        return switch (r) {
            case CheckResult.Passed p -> new Ok(p.check(), p.summary());
            case CheckResult.Failed f -> new Failed(f.check(), f.rule(), f.findings().stream()
                    .map(CheckResult.Finding::toString).collect(Collectors.joining("; ")) + " [rule " + f.rule() + "]");
            case CheckResult.Inconclusive i -> new Inconclusive(i.check(), i.reason());
        };
    }

    default ObjectNode toJson() {
        ObjectNode o = Json.object().put("check", check());
        switch (this) {
            case Ok ok -> o.put("outcome", "ok").put("summary", ok.summary());
            case Failed f -> o.put("outcome", "failed").put("rule", f.rule()).put("reason", f.reason());
            case Inconclusive i -> o.put("outcome", "inconclusive").put("reason", i.reason());
        }
        return o;
    }
}
