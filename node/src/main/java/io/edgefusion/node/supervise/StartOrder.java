package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.Deployment;
import io.edgefusion.node.deploy.WorkloadSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A deployment's workloads in {@code after} order (file order among equals); refuses unknown names and cycles. */
final class StartOrder {
    private StartOrder() {
    }

    static List<WorkloadSpec> of(Deployment d) {
        Map<String, WorkloadSpec> byName = new LinkedHashMap<>();
        for (WorkloadSpec w : d.workloads()) {
            if (byName.put(w.name(), w) != null) {
                throw new IllegalArgumentException(d.name() + ": workload " + w.name() + " is named twice");
            }
        }
        for (WorkloadSpec w : d.workloads()) {
            for (String a : w.after()) {
                if (!byName.containsKey(a)) {
                    throw new IllegalArgumentException(d.name() + "/" + w.name() + ": after names " + a
                            + ", which is not a workload of " + d.name());
                }
            }
        }
        List<WorkloadSpec> out = new ArrayList<>();
        Map<String, Boolean> visiting = new LinkedHashMap<>();
        for (WorkloadSpec w : d.workloads()) {
            visit(d, w, byName, visiting, out);
        }
        return out;
    }

    private static void visit(Deployment d, WorkloadSpec w, Map<String, WorkloadSpec> byName,
                              Map<String, Boolean> state, List<WorkloadSpec> out) {
        Boolean s = state.get(w.name());
        if (Boolean.TRUE.equals(s)) {
            return;
        }
        if (Boolean.FALSE.equals(s)) {
            throw new IllegalArgumentException(d.name() + "/" + w.name() + ": after forms a cycle through "
                    + String.join(" -> ", state.keySet()));
        }
        state.put(w.name(), false);
        for (String a : w.after()) {
            visit(d, byName.get(a), byName, state, out);
        }
        state.put(w.name(), true);
        out.add(w);
    }
}
