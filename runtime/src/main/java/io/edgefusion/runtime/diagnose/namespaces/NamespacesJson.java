package io.edgefusion.runtime.diagnose.namespaces;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.runtime.json.JsonDocs;

/** {@code inspect --namespaces --json}: schema edgefusion.inspect.namespaces/v1 (docs/json/inspect.namespaces.md). */
public final class NamespacesJson {
    public static final String SCHEMA = "edgefusion.inspect.namespaces/v1";

    private NamespacesJson() {
    }

    public static ObjectNode document(NamespacesReport r) {
        ObjectNode doc = JsonDocs.document(SCHEMA);
        doc.put("sandbox", r.sandbox());
        doc.put("name", r.name());
        doc.put("pid", r.pid());
        ArrayNode ns = doc.putArray("namespaces");
        for (NamespaceView v : r.namespaces()) {
            ObjectNode n = ns.addObject();
            n.put("type", v.type());
            n.put("inode", v.insideInode());
            n.put("hostInode", v.hostInode());
            n.put("own", v.own());
        }
        ArrayNode rows = doc.putArray("rows");
        for (NamespaceRow row : r.rows()) {
            ObjectNode n = rows.addObject();
            n.put("namespace", row.namespace());
            n.put("item", row.item());
            n.put("inside", row.inside());
            n.put("host", row.host());
            n.put("differs", row.differs());
        }
        doc.set("details", JsonDocs.MAPPER.valueToTree(r.details()));
        return doc;
    }
}
