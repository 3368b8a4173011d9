package io.edgefusion.guardian.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.runtime.json.JsonDocs;

import java.io.IOException;
import java.util.List;

/**
 * The evidence documents of {@code edgefusion evidence … --json} (docs/json/evidence.*.md), built here so the
 * node's API and dashboard can serve the same shapes. The payload appears as the JSON object it is.
 */
public final class EvidenceJson {
    public static final String LS = "edgefusion.evidence.ls/v1";
    public static final String SHOW = "edgefusion.evidence.show/v1";
    public static final String VERIFY = "edgefusion.evidence.verify/v1";

    private EvidenceJson() {
    }

    /** {@code {"schema": …ls/v1, "records": [{seq, time, kind, subject, payload, hash}, …]}}. */
    public static ObjectNode ls(List<EvidenceRecord> records) {
        ObjectNode doc = JsonDocs.document(LS);
        var arr = doc.putArray("records");
        for (EvidenceRecord r : records) {
            ObjectNode n = arr.addObject();
            n.put("seq", r.seq());
            n.put("time", JsonDocs.time(r.timeMs()));
            n.put("kind", r.kind());
            n.put("subject", r.subject());
            n.set("payload", payload(r));
            n.put("hash", r.hash());
        }
        return doc;
    }

    /** One record with everything stored about it; {@code snapshotDir} is where its attachment lies, if any. */
    public static ObjectNode show(EvidenceRecord r, String snapshotDir) {
        ObjectNode doc = JsonDocs.document(SHOW);
        doc.put("seq", r.seq());
        doc.put("time", JsonDocs.time(r.timeMs()));
        doc.put("kind", r.kind());
        doc.put("subject", r.subject());
        doc.set("payload", payload(r));
        doc.put("prevHash", r.prevHash());
        doc.put("hash", r.hash());
        doc.put("signature", r.signature());
        doc.put("keyId", r.keyId());
        doc.put("snapshotDir", snapshotDir);
        return doc;
    }

    /** The verdict: intact or the first bad record. */
    public static ObjectNode verify(Verdict v, long records, String key, String source) {
        ObjectNode doc = JsonDocs.document(VERIFY);
        doc.put("source", source);
        doc.put("records", records);
        doc.put("key", key);
        doc.put("intact", v.intact());
        doc.put("line", v.line());
        if (v instanceof Verdict.Broken b) {
            ObjectNode p = doc.putObject("problem");
            p.put("seq", b.seq());
            p.put("kind", b.problem().label());
            p.put("detail", b.detail());
        } else {
            doc.putNull("problem");
        }
        return doc;
    }

    /** The payload as JSON; a payload that is not JSON (only a tampered one) as its text. */
    static JsonNode payload(EvidenceRecord r) {
        try {
            JsonNode n = JsonDocs.MAPPER.readTree(r.payload());
            return n == null ? JsonDocs.MAPPER.getNodeFactory().textNode(r.payload()) : n;
        } catch (IOException e) {
            return JsonDocs.MAPPER.getNodeFactory().textNode(r.payload());
        }
    }
}
