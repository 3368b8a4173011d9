package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.sandbox.oci.config.OciProcess;
import io.edgefusion.kernel.proc.BoundingSet;
import io.edgefusion.sandbox.spec.Capabilities;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code process.capabilities} as the five masks the helper sets. An unknown name, or one this runtime's own
 * bounding set lacks (the kernel would refuse it), is dropped with a warning, as runc does.
 */
public record CapabilitySets(long bounding, long effective, long permitted, long inheritable, long ambient) {

    public static CapabilitySets of(OciProcess.Capabilities c, Consumer<String> warn) {
        if (c == null) {
            return new CapabilitySets(0, 0, 0, 0, 0);
        }
        long own = BoundingSet.ofSelf();
        long permitted = mask(c.permitted(), own, "permitted", warn);
        long inheritable = mask(c.inheritable(), own, "inheritable", warn);
        long ambient = mask(c.ambient(), own, "ambient", warn);
        // The kernel raises an ambient capability only if it is permitted and inheritable (`runc spec` lists
        // ambient ones without an inheritable set): the others are dropped, as runc and crun go on without them.
        long raisable = ambient & permitted & inheritable;
        if (raisable != ambient) {
            warn.accept("process.capabilities.ambient: 0x" + Long.toHexString(ambient & ~raisable)
                    + " not both permitted and inheritable; not raised");
        }
        return new CapabilitySets(mask(c.bounding(), own, "bounding", warn), mask(c.effective(), own, "effective",
                warn), permitted, inheritable, raisable);
    }

    private static long mask(List<String> names, long own, String set, Consumer<String> warn) {
        Set<String> known = new TreeSet<>();
        for (String n : names) {
            String c;
            try {
                c = Capabilities.canonical(n, "process.capabilities." + set);
            } catch (IllegalArgumentException e) {
                warn.accept("process.capabilities." + set + ": unknown capability " + n + " ignored");
                continue;
            }
            if (c.equals("ALL")) {
                warn.accept("process.capabilities." + set + ": ALL is not a capability; ignored");
                continue;
            }
            known.add(c);
        }
        long m = Capabilities.mask(known);
        if ((m & ~own) != 0) {
            warn.accept("process.capabilities." + set + ": this runtime's bounding set lacks 0x"
                    + Long.toHexString(m & ~own) + "; those are dropped");
        }
        return m & own;
    }
}
