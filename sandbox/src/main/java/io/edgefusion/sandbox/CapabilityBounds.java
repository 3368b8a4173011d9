package io.edgefusion.sandbox;

import io.edgefusion.kernel.proc.BoundingSet;
import io.edgefusion.sandbox.spec.Capabilities;

import java.util.List;
import java.util.Set;

/**
 * Refuses, before anything is created, a capability set the host cannot grant: a capability outside this
 * process's bounding set ({@code CapBnd} in /proc/self/status) can never be raised again — not by root, not in a
 * user namespace — so the helper's {@code capset} would fail with a bare EPERM. The message names the
 * capability, where it came from (--cap-add, --cap-add ALL or the default set) and that the host lacks it.
 */
public final class CapabilityBounds {
    private CapabilityBounds() {
    }

    /** Checks the sandbox's capability set against this process's bounding set. */
    static void check(Set<String> add, Set<String> drop) {
        check(add, drop, BoundingSet.ofSelf());
    }

    /** Checks the set {@code add}/{@code drop} resolve to against {@code bounding} (a CapBnd mask). */
    public static void check(Set<String> add, Set<String> drop, long bounding) {
        List<String> lacking = Capabilities.resolve(add, drop).stream()
                .filter(c -> (Capabilities.mask(Set.of(c)) & bounding) == 0).toList();
        if (lacking.isEmpty()) {
            return;
        }
        String bnd = String.format("CapBnd %016x in %s", bounding, BoundingSet.SELF_STATUS);
        for (String c : lacking) {
            if (add.contains(c)) {
                throw new IllegalArgumentException("--cap-add " + c + ": the host's capability bounding set lacks"
                        + " CAP_" + c + " (" + bnd + "), so no sandbox can be given it");
            }
        }
        String names = String.join(", ", lacking);
        if (add.contains("ALL")) {
            throw new IllegalArgumentException("--cap-add ALL: the host's capability bounding set lacks " + names
                    + " (" + bnd + "); add the capabilities you need one by one");
        }
        throw new IllegalArgumentException("the host's capability bounding set lacks " + names + " of the default"
                + " set (" + bnd + "); drop " + (lacking.size() == 1 ? "it" : "them") + " with --cap-drop "
                + String.join(" --cap-drop ", lacking));
    }
}
