package io.edgefusion.node.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.supervise.Instance;
import io.edgefusion.node.supervise.InstanceStore;
import io.edgefusion.runtime.json.JsonDocs;

import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /v1/workloads[?deployment=NAME]} ({@code edgefusion.workloads/v1}): every workload instance the
 * supervisor keeps — per deployment, workload and revision the sandbox that runs it, what should be and what was
 * last seen (state, health, restarts). Read from the supervisor's own table, so it is what the supervisor acts on.
 */
final class WorkloadRoutes {
    static final String SCHEMA = "edgefusion.workloads/v1";

    private final InstanceStore store;

    WorkloadRoutes(InstanceStore store) {
        this.store = store;
    }

    ApiResponse list(ApiRequest r) {
        String only = r.query().get("deployment");
        List<Instance> all = (only == null || only.isBlank() ? store.all() : store.ofDeployment(only)).stream()
                .sorted(Comparator.comparing(Instance::deployment).thenComparing(Instance::workload)
                        .thenComparing(Instance::revision, Comparator.reverseOrder()))
                .toList();
        return ApiResponse.json(200, document(all).toString());
    }

    static ObjectNode document(List<Instance> instances) {
        ObjectNode doc = JsonDocs.document(SCHEMA);
        var arr = doc.putArray("workloads");
        for (Instance i : instances) {
            ObjectNode n = arr.addObject();
            n.put("deployment", i.deployment());
            n.put("workload", i.workload());
            n.put("revision", i.revision());
            n.putObject("sandbox").put("name", i.sandboxName()).put("id", i.sandboxId());
            n.put("desired", i.desired().label());
            n.put("state", i.observed().label());
            switch (i.observed()) {
                case HEALTHY -> n.put("healthy", true);
                case UNHEALTHY -> n.put("healthy", false);
                default -> n.putNull("healthy");
            }
            n.put("restarts", i.restarts());
            n.put("updatedAt", JsonDocs.time(i.updatedAt().toEpochMilli()));
        }
        return doc;
    }
}
