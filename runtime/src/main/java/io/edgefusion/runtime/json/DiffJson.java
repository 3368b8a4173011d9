package io.edgefusion.runtime.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.image.diff.Change;

import java.util.List;

/** {@code diff --json} (docs/json/diff.md): what a sandbox added, changed or deleted. */
public final class DiffJson {
    public static final String SCHEMA = "edgefusion.diff/v1";

    private DiffJson() {
    }

    public static ObjectNode document(String sandboxId, List<Change> changes) {
        ObjectNode doc = JsonDocs.document(SCHEMA);
        doc.put("sandbox", sandboxId);
        ArrayNode arr = doc.putArray("changes");
        for (Change c : changes) {
            ObjectNode n = arr.addObject();
            n.put("kind", c.kind().name());
            n.put("path", "/" + c.path());
            n.put("opaque", c.opaque());
        }
        return doc;
    }
}
