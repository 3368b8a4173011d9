package io.edgefusion.platform.check;

import java.util.List;

/**
 * The outcome of one run-time contract check, for the guardian: passed, failed with findings, or inconclusive
 * (the check could not look — process gone, file unreadable). Inconclusive is not a pass; the guardian decides
 * what it means at its stage.
 */
public sealed interface CheckResult {
    /** Which check ran, e.g. {@code network.listen}. */
    String check();

    /** The contract rule it enforces. */
    String rule();

    record Passed(String check, String rule, String summary) implements CheckResult {
    }

    record Failed(String check, String rule, List<Finding> findings) implements CheckResult {
        public Failed {
            findings = List.copyOf(findings);
        }
    }

    record Inconclusive(String check, String rule, String reason) implements CheckResult {
    }

    /** One breach: what is wrong and where it was seen. */
    record Finding(String what, String where) {
        @Override
        public String toString() {
            return what + " (" + where + ")";
        }
    }

    default boolean passed() {
        return this instanceof Passed;
    }
}
