package io.edgefusion.node.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.guardian.evidence.EvidenceLog;
import io.edgefusion.guardian.evidence.NodeKey;
import io.edgefusion.node.NodeComponent;
import io.edgefusion.node.NodeServices;
import io.edgefusion.node.api.ApiResponse;
import io.edgefusion.node.api.RouteTable;
import io.edgefusion.node.events.NodeEvent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the guardian's circuit breaker will be to the dashboard, for tests: {@code GET /v1/breakers} in its
 * documented shape with states the test sets, each change also appended to the node's real evidence log (signed,
 * chained) and emitted as an event, as the breaker does. Started before the dashboard, so the dashboard's stub
 * stays out.
 */
final class FakeBreakers implements NodeComponent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record State(String deployment, String workload, String state, int failures, String openedAt,
                         String reason) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private volatile NodeServices services;
    private volatile EvidenceLog evidence;

    @Override
    public String name() {
        return "fake-breakers";
    }

    @Override
    public AutoCloseable start(NodeServices s) {
        services = s;
        evidence = EvidenceLog.open(s.database(), NodeKey.loadOrCreate(s.paths().nodeDir()),
                s.paths().nodeDir().resolve(EvidenceLog.DIR), s.clock());
        RouteTable.Route r = s.api().get("/v1/breakers", (req, p) -> ApiResponse.json(200, document()));
        return r::close;
    }

    private String document() {
        ObjectNode doc = JSON.createObjectNode().put("schema", "edgefusion.breakers/v1");
        ArrayNode arr = doc.putArray("breakers");
        states.values().stream().sorted(java.util.Comparator.comparing(State::deployment)
                .thenComparing(State::workload)).forEach(b -> arr.addObject().put("deployment", b.deployment())
                .put("workload", b.workload()).put("state", b.state()).put("failures", b.failures())
                .put("openedAt", b.openedAt()).put("reason", b.reason()));
        return doc.toString();
    }

    /** Sets a breaker's state and records it: evidence {@code kind} with {@code payload}, an event of that type. */
    void set(String deployment, String workload, String state, int failures, String reason, String kind,
             Map<String, ?> payload) {
        String subject = deployment + "/" + workload;
        String openedAt = state.equals("closed") ? null : services.clock().instant().toString();
        evidence.append(kind, subject, payload);
        states.put(subject, new State(deployment, workload, state, failures, openedAt, reason));
        services.events().emit(new NodeEvent(services.clock().instant(), kind, subject, Map.of("state", state)));
    }

    /** Records evidence only (a check outcome). */
    void record(String kind, String subject, Map<String, ?> payload) {
        evidence.append(kind, subject, payload);
    }
}
