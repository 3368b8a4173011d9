package io.edgefusion.runtime.diagnose.fs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.kernel.mount.MountFlag;
import io.edgefusion.runtime.json.JsonDocs;

/** {@code diagnose fs --json}: schema edgefusion.diagnose.fs/v1 (docs/json/diagnose.fs.md). */
public final class FsDiagnosisJson {
    public static final String SCHEMA = "edgefusion.diagnose.fs/v1";

    private FsDiagnosisJson() {
    }

    public static ObjectNode document(FsDiagnosis d) {
        ObjectNode doc = JsonDocs.document(SCHEMA);
        doc.put("path", d.path());
        doc.put("probedDir", d.probedDir());
        doc.put("sandbox", d.sandbox());
        ObjectNode m = doc.putObject("mount");
        m.put("mountPoint", d.mount().mountPoint());
        m.put("mountId", d.mount().id());
        m.put("fsType", d.mount().fsType());
        m.put("source", d.mount().source());
        d.mount().mountOptions().forEach(m.putArray("mountOptions")::add);
        ArrayNode flags = m.putArray("flags");
        for (MountFlag f : MountFlag.values()) {
            if (d.flags().contains(f)) {
                flags.add(f.option());
            }
        }
        ArrayNode checks = doc.putArray("checks");
        for (FsCheck c : d.checks()) {
            ObjectNode n = checks.addObject();
            n.put("check", c.name());
            n.put("flag", c.flag());
            n.put("predicted", c.predicted());
            n.put("predictedErrno", c.errno());
            n.put("observed", c.observed());
            n.put("observedErrno", c.seen());
            n.put("verdict", c.verdict());
            n.put("why", c.why());
        }
        d.leftBehind().forEach(doc.putArray("leftBehind")::add);
        doc.put("problem", d.problem());
        return doc;
    }
}
