package io.edgefusion.platform.contract;

import java.util.Set;

/**
 * What a stage permits, read from the contract: how much may be trimmed, which modules must stay, which
 * cipher modes count as a downgrade, whether the profile must be signed, and how the guardian verifies at
 * run time.
 */
public record StageRules(Stage stage, String rule, Trim trim, Set<String> requiredModules, Set<String> forbiddenModes,
                         boolean signedProfile, boolean staticChecks, Runtime runtime, int intervalSeconds,
                         boolean signedEvidence) {

    /** How much a profile may trim. */
    public enum Trim {
        /** Modules, features and components freely. */
        ANY,
        /** Only modules outside the contract's core set may be disabled; core features stay. */
        NON_CORE,
        /** As NON_CORE, and the profile must be exactly the signed one. */
        FROZEN;

        public static Trim parse(String s) {
            return switch (s) {
                case "any" -> ANY;
                case "non-core" -> NON_CORE;
                case "frozen" -> FROZEN;
                default -> throw new IllegalArgumentException("trim must be any, non-core or frozen, got '" + s + "'");
            };
        }
    }

    /** The guardian's run-time verification. */
    public enum Runtime {
        NONE, HEARTBEAT, FULL;

        public static Runtime parse(String s) {
            return switch (s) {
                case "none" -> NONE;
                case "heartbeat" -> HEARTBEAT;
                case "full" -> FULL;
                default -> throw new IllegalArgumentException("runtime must be none, heartbeat or full, got '" + s + "'");
            };
        }
    }

    /** Whether this stage lets a profile disable {@code module}. */
    public boolean mayDisable(String module, java.util.Map<String, Set<String>> coreModules) {
        if (requiredModules.contains(module)) {
            return false;
        }
        return trim == Trim.ANY || !coreModules.containsKey(module);
    }
}
