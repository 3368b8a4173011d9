package io.edgefusion.runtime.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.sandbox.state.SandboxState;

import java.util.List;

/** {@code ps --json} (docs/json/ps.md): the sandboxes given, with their derived status. */
public final class PsJson {
    public static final String SCHEMA = "edgefusion.ps/v1";

    private PsJson() {
    }

    public static ObjectNode document(List<SandboxState> sandboxes) {
        ObjectNode doc = JsonDocs.document(SCHEMA);
        ArrayNode arr = doc.putArray("sandboxes");
        for (SandboxState s : sandboxes) {
            ObjectNode n = arr.addObject();
            n.put("id", s.id());
            n.put("name", s.name());
            n.put("status", s.status().label());
            n.put("command", s.spec() == null ? null : String.join(" ", s.spec().command()));
            n.put("pid", s.pid());
            n.put("createdAt", JsonDocs.time(s.createdAt()));
            n.put("startedAt", JsonDocs.time(s.startedAt()));
            n.put("finishedAt", JsonDocs.time(s.finishedAt()));
            n.put("exitCode", s.exitCode());
            n.put("oomKilled", s.oomKilled());
        }
        return doc;
    }
}
