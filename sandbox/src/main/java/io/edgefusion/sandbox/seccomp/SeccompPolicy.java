package io.edgefusion.sandbox.seccomp;

import java.util.List;
import java.util.Set;

/**
 * A seccomp policy as docker's and the OCI runtime spec's JSON says it: a default action and rules, each naming
 * syscalls, an action, argument conditions (all must hold) and the capabilities/architectures it applies to.
 *
 * @param defaultAction what a call no rule matches gets
 * @param rules         in file order; for one syscall the first rule that matches decides
 * @param source        where the policy came from (a file name, or the built-in default), for messages
 */
public record SeccompPolicy(SeccompAction defaultAction, List<Rule> rules, String source) {
    public SeccompPolicy {
        rules = List.copyOf(rules);
    }

    /**
     * One rule. {@code includes}: it applies only if the sandbox has every listed capability, the architecture is
     * listed, and the kernel is at least {@code minKernel}; {@code excludes}: it is skipped if any listed
     * capability is held or the architecture is listed.
     */
    public record Rule(List<String> names, SeccompAction action, List<Arg> args, Condition includes,
                       Condition excludes) {
        public Rule {
            names = List.copyOf(names);
            args = List.copyOf(args);
            includes = includes == null ? Condition.NONE : includes;
            excludes = excludes == null ? Condition.NONE : excludes;
        }
    }

    /** {@code args[index] OP value} ({@code (args[index] & value) == valueTwo} for MASKED_EQ). */
    public record Arg(int index, long value, long valueTwo, CompareOp op) {
        public Arg {
            if (index < 0 || index > 5) {
                throw new SeccompPolicyException("index " + index + ": a syscall has arguments 0..5");
            }
        }
    }

    /** Capabilities (canonical, without {@code CAP_}), architecture names and a minimum kernel ("4.8"). */
    public record Condition(Set<String> caps, Set<String> arches, String minKernel) {
        public static final Condition NONE = new Condition(Set.of(), Set.of(), null);

        public Condition {
            caps = Set.copyOf(caps);
            arches = Set.copyOf(arches);
        }
    }
}
