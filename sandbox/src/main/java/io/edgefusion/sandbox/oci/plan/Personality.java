package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.sandbox.oci.config.Linux;

/** {@code linux.personality}: the execution domain for personality(2); flags are refused. */
final class Personality {
    static final long PER_LINUX = 0x0000;
    static final long PER_LINUX32 = 0x0008;

    private Personality() {
    }

    static long of(Linux.Personality p) {
        if (p.flags() != null && !p.flags().isEmpty()) {
            throw new LaunchPlanException("linux.personality.flags: not supported");
        }
        return switch (p.domain() == null ? "" : p.domain()) {
            case "LINUX" -> PER_LINUX;
            case "LINUX32" -> PER_LINUX32;
            default -> throw new LaunchPlanException("linux.personality.domain: " + p.domain()
                    + " (expected LINUX or LINUX32)");
        };
    }
}
