package io.edgefusion.platform.verify;

import io.edgefusion.platform.yaml.SourceMark;

/**
 * One contract violation: what kind, which rule (id and the specific breach), where, and how to fix it —
 * the four columns of the verifier's table.
 */
public record Violation(Kind kind, String rule, String detail, Location location, String fix) {

    /** The violation kinds the verifier knows. */
    public enum Kind {
        MISSING_HAL_METHOD("missing HAL method"),
        CONTRACT_VERSION("provider/contract version mismatch"),
        LAYOUT_MISMATCH("pinned layout mismatch"),
        HARD_CODED_BIND("hard-coded bind address/port"),
        LOGGING_BYPASS("log bypasses the platform logger"),
        STAGE_TRIM("trim the stage forbids");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** Where a violation is: a place in bytecode (with its source line) or a place in the profile. */
    public sealed interface Location {
        String display();
    }

    /**
     * A class, optionally a method or field, and the source line from the LineNumberTable (0 when the class
     * has no line numbers).
     */
    public record CodeLocation(String className, String member, String sourceFile, int line) implements Location {
        @Override
        public String display() {
            String where = member == null || member.isEmpty() ? className : className + "." + member;
            String file = sourceFile == null ? "?" : sourceFile;
            return where + " (" + file + (line > 0 ? ":" + line : "") + ")";
        }
    }

    /** A setting in the trim profile. */
    public record ProfileLocation(SourceMark at) implements Location {
        @Override
        public String display() {
            return at.toString();
        }
    }

    /** {@code rule: detail}, the "contract rule" column. */
    public String ruleText() {
        return rule + ": " + detail;
    }
}
