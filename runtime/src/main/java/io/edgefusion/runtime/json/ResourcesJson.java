package io.edgefusion.runtime.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.kernel.cgroup.CgroupMount;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.kernel.cgroup.CpusetLimit;
import io.edgefusion.kernel.cgroup.CpuWeight;
import io.edgefusion.kernel.cgroup.HierarchyLimit;
import io.edgefusion.kernel.cgroup.LimitSource;
import io.edgefusion.kernel.cgroup.ResourceLimits;
import io.edgefusion.kernel.resources.EffectiveResources;
import io.edgefusion.kernel.resources.RuntimeErgonomics;
import io.edgefusion.kernel.resources.jdk.JdkComparison;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The {@code --json} form, schema {@code edgefusion.resources/v1} (docs/json/resources.md). Built field by field
 * rather than by serialising records, so renaming a Java field never changes the published schema. Absent
 * values are {@code null}; "unlimited" is {@code null} in a numeric field.
 */
public final class ResourcesJson {
    public static final String SCHEMA = "edgefusion.resources/v1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResourcesJson() {
    }

    public static String render(ResourcesReport r) {
        return toJson(r).toPrettyString();
    }

    public static ObjectNode toJson(ResourcesReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode subject = root.putObject("subject");
        num(subject, "pid", r.pid());
        subject.put("cgroup", r.cgroup().orElse(null));
        root.set("host", host(r));
        ArrayNode cgroups = root.putArray("cgroups");
        r.resources().paths().dirs().forEach((c, d) -> {
            ObjectNode n = cgroups.addObject();
            n.put("controller", c.label());
            n.put("version", d.unified() ? "v2" : "v1");
            n.put("path", d.cgroupPath());
            n.put("dir", d.dir().toString());
        });
        r.resources().paths().unified().ifPresent(d -> {
            ObjectNode n = root.putObject("unified");
            n.put("path", d.cgroupPath());
            n.put("dir", d.dir().toString());
        });
        if (r.resources().paths().unified().isEmpty()) {
            root.putNull("unified");
        }
        ArrayNode notes = root.putArray("notes");
        r.resources().paths().notes().forEach(notes::add);
        root.set("limits", limits(r.resources().limits()));
        root.set("effective", effective(r.resources()));
        root.set("runtime", runtime(r.resources().ergonomics()));
        root.set("stats", stats(r.stats()));
        root.set("jdk", jdk(r.jdk()));
        return root;
    }

    private static ObjectNode host(ResourcesReport r) {
        ObjectNode host = MAPPER.createObjectNode();
        host.put("version", r.layout().version().label());
        ArrayNode mounts = host.putArray("mounts");
        for (CgroupMount m : r.layout().mounts()) {
            ObjectNode n = mounts.addObject();
            n.put("type", m.unified() ? "cgroup2" : "cgroup");
            n.put("mountPoint", m.mountPoint().toString());
            n.put("root", m.root());
            ArrayNode c = n.putArray("controllers");
            new TreeSet<>(m.controllers()).forEach(c::add);
        }
        return host;
    }

    private static ObjectNode limits(ResourceLimits l) {
        ObjectNode n = MAPPER.createObjectNode();
        opt(n, "memoryMax", l.memoryMax(), ResourcesJson::limit);
        opt(n, "memoryHierarchical", l.memoryHierarchical(), ResourcesJson::source);
        opt(n, "memoryHigh", l.memoryHigh(), ResourcesJson::limit);
        opt(n, "memoryLow", l.memoryLow(), ResourcesJson::limit);
        opt(n, "swapMax", l.swapMax(), ResourcesJson::limit);
        opt(n, "cpuQuota", l.cpuQuota(), ResourcesJson::limit);
        opt(n, "cpuWeight", l.cpuWeight(), ResourcesJson::weight);
        opt(n, "cpuset", l.cpuset(), ResourcesJson::cpuset);
        opt(n, "pidsMax", l.pidsMax(), ResourcesJson::limit);
        return n;
    }

    private static <T> void opt(ObjectNode parent, String key, Optional<T> v, BiConsumer<ObjectNode, T> fill) {
        if (v.isEmpty()) {
            parent.putNull(key);
        } else {
            fill.accept(parent.putObject(key), v.get());
        }
    }

    private static void num(ObjectNode n, String key, OptionalLong v) {
        if (v.isPresent()) {
            n.put(key, v.getAsLong());
        } else {
            n.putNull(key);
        }
    }

    private static void limit(ObjectNode n, HierarchyLimit h) {
        n.put("unit", h.unit().name().toLowerCase(java.util.Locale.ROOT));
        num(n, "effective", h.effective());
        n.put("ancestorTighter", h.ancestorTighter());
        source(n.putObject("leaf"), h.leaf());
        source(n.putObject("binding"), h.binding());
        ArrayNode chain = n.putArray("chain");
        h.chain().forEach(s -> source(chain.addObject(), s));
    }

    private static void source(ObjectNode n, LimitSource s) {
        n.put("file", s.file().toString());
        n.put("raw", s.raw());
        num(n, "value", s.value());
    }

    private static void weight(ObjectNode n, CpuWeight w) {
        n.put("file", w.file().toString());
        n.put("raw", w.raw());
        n.put("version", w.v2() ? "v2" : "v1");
        n.put("shares", w.shares());
        n.put("weight", w.weight());
        n.put("weightLinear", w.weightByLinearFormula());
    }

    private static void cpuset(ObjectNode n, CpusetLimit c) {
        n.put("effective", c.effective().toString());
        n.put("effectiveFile", c.effectiveFile().toString());
        n.put("mems", c.effectiveMems().toString());
        n.put("affinity", c.affinity().map(Object::toString).orElse(null));
        n.put("usable", c.usable().toString());
        n.put("ancestorTighter", c.ancestorTighter());
        n.put("binding", c.binding().map(b -> b.file().toString()).orElse(null));
        ArrayNode chain = n.putArray("chain");
        c.chain().forEach(l -> {
            ObjectNode x = chain.addObject();
            x.put("file", l.file().toString());
            x.put("cpus", l.cpus().toString());
        });
    }

    private static ObjectNode effective(EffectiveResources r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("cpuCount", r.ergonomics().cpuCount());
        n.put("usableCpus", r.usableCpus().toString());
        if (r.quotaCpus().isPresent()) {
            n.put("quotaCpus", r.quotaCpus().getAsDouble());
        } else {
            n.putNull("quotaCpus");
        }
        num(n, "memoryLimit", r.memoryLimit());
        num(n, "pidsLimit", r.pidsLimit());
        return n;
    }

    private static ObjectNode runtime(RuntimeErgonomics e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("cpuCount", e.cpuCount());
        n.put("gomaxprocs", e.gomaxprocs());
        num(n, "memoryBudget", e.memoryBudget());
        num(n, "gomemlimit", e.gomemlimit());
        num(n, "jvmMaxHeap", e.jvmMaxHeap());
        ArrayNode flags = n.putArray("jvmFlags");
        e.jvmFlags().forEach(flags::add);
        ObjectNode env = n.putObject("environment");
        e.environment().forEach(env::put);
        return n;
    }

    private static ObjectNode stats(CgroupStats s) {
        ObjectNode n = MAPPER.createObjectNode();
        opt(n, "cpu", s.cpu(), (o, c) -> {
            num(o, "usageNanos", c.usageNanos());
            num(o, "userNanos", c.userNanos());
            num(o, "systemNanos", c.systemNanos());
            o.put("nrPeriods", c.nrPeriods());
            o.put("nrThrottled", c.nrThrottled());
            o.put("throttledNanos", c.throttledNanos());
        });
        opt(n, "memory", s.memory(), (o, m) -> {
            o.put("current", m.current());
            num(o, "peak", m.peak());
            num(o, "swapCurrent", m.swapCurrent());
            num(o, "failcnt", m.failcnt());
            num(o, "maxEvents", m.maxEvents());
            num(o, "highEvents", m.highEvents());
            o.put("oomEvents", m.oomEvents());
            o.put("oomKills", m.oomKills());
        });
        opt(n, "pids", s.pids(), (o, p) -> {
            o.put("current", p.current());
            num(o, "max", p.max());
        });
        ObjectNode psi = n.putObject("pressure");
        opt(psi, "cpu", s.cpuPressure(), ResourcesJson::pressure);
        opt(psi, "memory", s.memoryPressure(), ResourcesJson::pressure);
        opt(psi, "io", s.ioPressure(), ResourcesJson::pressure);
        return n;
    }

    private static void pressure(ObjectNode n, CgroupStats.Pressure p) {
        line(n.putObject("some"), p.some());
        opt(n, "full", p.full(), ResourcesJson::line);
    }

    private static void line(ObjectNode n, CgroupStats.Line l) {
        n.put("avg10", l.avg10());
        n.put("avg60", l.avg60());
        n.put("avg300", l.avg300());
        n.put("totalMicros", l.totalMicros());
    }

    private static ObjectNode jdk(ResourcesReport.Jdk j) {
        ObjectNode n = MAPPER.createObjectNode();
        switch (j) {
            case ResourcesReport.Jdk.Unavailable u -> {
                n.put("available", false);
                n.put("reason", u.reason());
            }
            case ResourcesReport.Jdk.Compared c -> {
                n.put("available", true);
                n.putNull("reason");
                n.put("java", c.java().toString());
                n.put("containerized", c.settings().containerized());
                ObjectNode values = n.putObject("values");
                c.settings().values().forEach(values::put);
                ArrayNode rows = n.putArray("comparison");
                for (JdkComparison.Row row : c.rows()) {
                    ObjectNode x = rows.addObject();
                    x.put("item", row.item());
                    x.put("ours", row.ours());
                    x.put("jdk", row.jdk());
                    x.put("agrees", row.agrees());
                    x.put("explanation", row.explanation());
                }
            }
        }
        return n;
    }
}
