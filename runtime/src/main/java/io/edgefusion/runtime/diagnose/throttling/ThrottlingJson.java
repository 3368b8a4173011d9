package io.edgefusion.runtime.diagnose.throttling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.runtime.json.JsonDocs;

/** {@code diagnose throttling --json}: schema edgefusion.diagnose.throttling/v1 (docs/json/diagnose.throttling.md). */
public final class ThrottlingJson {
    public static final String SCHEMA = "edgefusion.diagnose.throttling/v1";

    private ThrottlingJson() {
    }

    public static ObjectNode document(ThrottlingDiagnosis d) {
        Correlation c = d.correlation();
        ObjectNode doc = JsonDocs.document(SCHEMA);
        doc.put("target", d.target());
        doc.put("sandbox", d.sandbox());
        doc.put("pid", d.pid());
        doc.put("cgroup", d.cgroup());
        if (d.quotaCpus().isPresent()) {
            doc.put("quotaCpus", d.quotaCpus().getAsDouble());
        } else {
            doc.putNull("quotaCpus");
        }
        doc.put("periodMs", d.periodNanos() / 1e6);
        doc.put("windowMs", ms(c.windowEndNanos() - c.windowStartNanos()));
        doc.put("samples", c.intervals().isEmpty() ? 0 : c.intervals().size() + 1);
        ObjectNode rt = doc.putObject("runtime");
        rt.put("kind", d.gc().runtime());
        optInt(rt, "procs", d.gc().procs());
        optInt(rt, "gcThreads", d.gc().gcThreads());
        optInt(rt, "parallelism", d.parallelism());
        rt.put("fits", d.fits());
        ObjectNode cg = doc.putObject("cpu");
        cg.put("periods", c.periods());
        cg.put("throttledPeriods", c.throttledPeriods());
        cg.put("throttledMs", ms(c.throttledNanos()));
        if (c.usageNanos() >= 0) {
            cg.put("usageMs", ms(c.usageNanos()));
        } else {
            cg.putNull("usageMs");
        }
        if (d.pressureAvailable() && c.pressureMicros() >= 0) {
            cg.put("pressureSomeMs", c.pressureMicros() / 1e3);
        } else {
            cg.putNull("pressureSomeMs");
        }
        ObjectNode p = doc.putObject("pauses");
        p.put("count", c.pauses().size());
        p.put("overlapping", c.overlappingPauses());
        p.put("pauseMs", ms(c.pauseNanos()));
        p.put("pauseThrottledMs", ms(c.pauseThrottledNanos()));
        p.put("throttledShare", Math.round(c.throttledShare() * 1000) / 1000.0);
        ArrayNode list = p.putArray("list");
        for (Correlation.PauseOverlap o : c.pauses()) {
            ObjectNode n = list.addObject();
            n.put("gc", o.pause().gc());
            n.put("label", o.pause().label());
            n.put("atMs", ms(o.pause().startNanos() - c.windowStartNanos()));
            n.put("durationMs", ms(o.pause().durationNanos()));
            n.put("inThrottledMs", ms(o.inThrottledNanos()));
            n.put("throttledMs", ms(o.throttledNanos()));
        }
        doc.put("verdict", d.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        doc.put("verdictText", d.verdict().label());
        doc.put("advice", d.advice());
        doc.put("problem", d.verdict().problem());
        return doc;
    }

    private static void optInt(ObjectNode n, String k, java.util.OptionalInt v) {
        if (v.isPresent()) {
            n.put(k, v.getAsInt());
        } else {
            n.putNull(k);
        }
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
