package io.edgefusion.node.deploy;

import io.edgefusion.node.api.ApiErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The API's deployment documents (docs/api.md, docs/json/deployments.md, docs/json/deployment.history.md). The
 * list and history bodies are exactly what {@code deployments --json} and {@code deployment history --json}
 * print, so they carry their schema name; times are RFC 3339 UTC with milliseconds like every JSON document.
 */
final class DeploymentJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String LIST_SCHEMA = "edgefusion.deployments/v1";
    static final String HISTORY_SCHEMA = "edgefusion.deployment.history/v1";
    private static final DateTimeFormatter RFC3339_MILLIS = DateTimeFormatter.ofPattern(
            "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private DeploymentJson() {
    }

    static String time(Instant t) {
        return RFC3339_MILLIS.format(t);
    }

    static ObjectNode list(List<DeploymentRecord> deployments) {
        ObjectNode doc = MAPPER.createObjectNode().put("schema", LIST_SCHEMA);
        var arr = doc.putArray("deployments");
        deployments.forEach(d -> arr.add(deployment(d)));
        return doc;
    }

    static ObjectNode deployment(DeploymentRecord d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", d.name());
        n.put("state", d.state().spelling());
        current(n, d);
        n.set("latest", revision(d.latest()));
        var w = n.putArray("workloads");
        d.workloads().forEach(w::add);
        n.put("createdAt", time(d.created()));
        n.put("updatedAt", time(d.updated()));
        return n;
    }

    static ObjectNode history(DeploymentRecord d, List<Revision> revisions) {
        ObjectNode doc = MAPPER.createObjectNode().put("schema", HISTORY_SCHEMA);
        doc.put("deployment", d.name());
        doc.put("state", d.state().spelling());
        current(doc, d);
        var arr = doc.putArray("revisions");
        revisions.forEach(r -> arr.add(revision(r)));
        return doc;
    }

    private static void current(ObjectNode n, DeploymentRecord d) {
        if (d.current().isPresent()) {
            n.put("revision", d.current().get().number());
        } else {
            n.putNull("revision");
        }
    }

    static ObjectNode revision(Revision r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("revision", r.number());
        n.put("status", r.status().spelling());
        n.put("reason", r.reason().orElse(null));
        if (r.rollbackOf().isPresent()) {
            n.put("rollbackOf", r.rollbackOf().getAsInt());
        } else {
            n.putNull("rollbackOf");
        }
        n.put("path", r.path());
        var w = n.putArray("workloads");
        r.workloads().forEach(w::add);
        n.put("createdAt", time(r.created()));
        return n;
    }

    static ObjectNode result(DeploymentService.Result r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("deployment", r.revision().deployment());
        n.put("changed", r.changed());
        n.set("revision", revision(r.revision()));
        return n;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("schema", io.edgefusion.node.api.ApiErrors.SCHEMA).put("error", message);
    }
}
