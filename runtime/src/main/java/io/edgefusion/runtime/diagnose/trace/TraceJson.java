package io.edgefusion.runtime.diagnose.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.runtime.json.JsonDocs;

import java.util.List;

/** The {@code edgefusion.trace/v1} document (docs/json/trace.md). */
public final class TraceJson {
    public static final String SCHEMA = "edgefusion.trace/v1";

    private TraceJson() {
    }

    public static ObjectNode document(List<String> command, TraceSide inside, TraceSide outside,
                                      TraceComparison.Report report) {
        ObjectNode doc = JsonDocs.document(SCHEMA);
        command.forEach(doc.putArray("command")::add);
        StraceRunner.CALLS.forEach(doc.putArray("calls")::add);
        side(doc.putObject("inside"), inside);
        side(doc.putObject("outside"), outside);
        doc.put("same", report.same());
        doc.put("unverified", report.unverified());
        ArrayNode diffs = doc.putArray("differences");
        for (PathDifference d : report.differences()) {
            ObjectNode n = diffs.addObject();
            n.put("op", d.op().label());
            n.put("path", d.path());
            n.put("kind", d.kind().id());
            outcome(n.putObject("inside"), d.inside());
            outcome(n.putObject("outside"), d.outside());
        }
        only(doc.putArray("onlyInside"), report.onlyInside());
        only(doc.putArray("onlyOutside"), report.onlyOutside());
        return doc;
    }

    private static void side(ObjectNode n, TraceSide s) {
        n.put("kind", s.kind());
        n.put("source", s.source());
        n.put("exitCode", s.exitCode());
        n.put("events", s.events().size());
        n.put("skippedLines", s.skippedLines());
    }

    private static void only(ArrayNode arr, List<PathOutcome> list) {
        for (PathOutcome o : list) {
            ObjectNode n = arr.addObject();
            n.put("op", o.op().label());
            n.put("path", o.path());
            outcome(n, o);
        }
    }

    private static void outcome(ObjectNode n, PathOutcome o) {
        n.put("syscall", o.syscall());
        n.put("calls", o.calls());
        switch (o.result()) {
            case CallResult.Found f -> {
                n.put("result", "found");
                n.putNull("errno");
                n.put("resolved", f.resolved());
                n.put("device", f.id() == null ? null : f.id().device());
                if (f.id() == null) {
                    n.putNull("inode");
                } else {
                    n.put("inode", f.id().inode());
                }
            }
            case CallResult.Failed f -> {
                n.put("result", "error");
                n.put("errno", f.errno());
                n.putNull("resolved");
                n.putNull("device");
                n.putNull("inode");
            }
            case CallResult.Unknown u -> {
                n.put("result", "unknown");
                n.putNull("errno");
                n.putNull("resolved");
                n.putNull("device");
                n.putNull("inode");
            }
        }
    }
}
