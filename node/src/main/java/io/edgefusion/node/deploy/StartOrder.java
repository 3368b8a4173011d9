package io.edgefusion.node.deploy;

import io.edgefusion.platform.yaml.DidYouMean;
import io.edgefusion.platform.yaml.YMap;
import io.edgefusion.platform.yaml.YamlDoc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code after}: each name must be another workload of the deployment, and the waits must not go round in a
 * circle (nothing in a cycle could ever start). {@link #of} gives the order a rollout starts workloads in.
 */
public final class StartOrder {
    private StartOrder() {
    }

    static void check(YamlDoc doc, List<WorkloadReader.Read> workloads) {
        List<String> names = WorkloadReader.names(workloads);
        Map<String, List<YMap.Item>> edges = new LinkedHashMap<>();
        for (WorkloadReader.Read w : workloads) {
            List<YMap.Item> valid = new ArrayList<>();
            for (YMap.Item a : w.after()) {
                String self = w.name().map(YMap.Item::value).orElse(null);
                if (a.value().equals(self)) {
                    doc.problem(a.at(), "'" + w.path() + ".after': a workload cannot start after itself");
                } else if (!names.contains(a.value())) {
                    doc.problem(a.at(), "'" + w.path() + ".after' names '" + a.value() + "', which is not a workload"
                            + " of this deployment" + DidYouMean.hint(a.value(), names));
                } else {
                    valid.add(a);
                }
            }
            w.name().ifPresent(n -> edges.putIfAbsent(n.value(), valid));
        }
        Map<String, String> paths = new HashMap<>();
        workloads.forEach(w -> w.name().ifPresent(n -> paths.putIfAbsent(n.value(), w.path())));
        Set<String> done = new HashSet<>();
        for (String start : edges.keySet()) {
            Deque<String> stack = new ArrayDeque<>();
            if (cycle(start, edges, done, stack, doc, paths)) {
                return; // one cycle is enough to fix; its members would repeat it
            }
        }
    }

    /** Depth-first; a name met again while still on the stack closes a cycle. */
    private static boolean cycle(String at, Map<String, List<YMap.Item>> edges, Set<String> done, Deque<String> stack,
                                 YamlDoc doc, Map<String, String> paths) {
        if (done.contains(at)) {
            return false;
        }
        stack.addLast(at);
        for (YMap.Item next : edges.getOrDefault(at, List.of())) {
            if (stack.contains(next.value())) {
                List<String> ring = new ArrayList<>();
                boolean in = false;
                for (String s : stack) {
                    in |= s.equals(next.value());
                    if (in) {
                        ring.add(s);
                    }
                }
                ring.add(next.value());
                doc.problem(next.at(), "'" + paths.get(at) + ".after': start order has a cycle: "
                        + String.join(" after ", ring));
                return true;
            }
            if (cycle(next.value(), edges, done, stack, doc, paths)) {
                return true;
            }
        }
        stack.removeLast();
        done.add(at);
        return false;
    }

    /**
     * The workloads in start order: each after every workload it names, otherwise in file order. The deployment
     * must be valid (no cycle), as {@link DeploymentFile} makes every deployment it returns.
     */
    public static List<WorkloadSpec> of(Deployment d) {
        Map<String, WorkloadSpec> byName = new LinkedHashMap<>();
        d.workloads().forEach(w -> byName.put(w.name(), w));
        List<WorkloadSpec> out = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (out.size() < byName.size()) {
            boolean progress = false;
            for (WorkloadSpec w : byName.values()) {
                if (!placed.contains(w.name()) && placed.containsAll(w.after())) {
                    out.add(w);
                    placed.add(w.name());
                    progress = true;
                    break; // restart from the top so file order wins among the ready ones
                }
            }
            if (!progress) {
                throw new IllegalArgumentException("deployment " + d.name() + ": start order has a cycle");
            }
        }
        return out;
    }
}
